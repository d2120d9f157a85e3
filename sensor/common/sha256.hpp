#pragma once
#include <cstddef>
#include <string>

struct evp_md_ctx_st;

namespace dlp {

// A SHA-256 fed in pieces (OpenSSL's EVP), for digests of files read once.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(const void* data, std::size_t size);
  // The digest in lowercase hex; the hash is done with.
  std::string hex();

 private:
  evp_md_ctx_st* ctx_;
};

}  // namespace dlp
