#pragma once
#include <sys/types.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "common/sha256.hpp"
#include "common/timestamp.hpp"

namespace dlp {

// What a replay says of each capture file it read, for the case that uses
// it: the file's name, size and SHA-256 (of all its bytes, read once, as
// libpcap reads them), its link type, its first and last packet times and
// its packet count.
struct EvidenceFile {
  std::string name;
  std::uint64_t size = 0;
  std::string sha256;
  std::string linktype;
  Timestamp first, last;
  std::uint64_t packets = 0;
};

// A capture file opened for libpcap through a stdio stream that hashes
// every byte it reads (glibc's fopencookie), so that the SHA-256 costs no
// second read of the evidence.
class HashedFile {
 public:
  HashedFile() = default;
  ~HashedFile();
  HashedFile(const HashedFile&) = delete;
  HashedFile& operator=(const HashedFile&) = delete;

  // The stream to give libpcap, or nullptr (errno says why).
  std::FILE* open(const std::string& path);
  // After libpcap is done with the stream: the rest of the file is read
  // into the hash too (a capture cut short is still hashed whole); its
  // lowercase hex digest and its size.
  std::string finish(std::uint64_t& size);
  // Bytes read from the file so far (some may wait in the stream's buffer).
  std::uint64_t consumed() const { return bytes_; }

 private:
  static ssize_t read(void* cookie, char* buffer, std::size_t size);
  int fd_ = -1;
  Sha256 hash_;
  std::uint64_t bytes_ = 0;
};

}  // namespace dlp
