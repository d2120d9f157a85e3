#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "common/byte_span.hpp"

struct z_stream_s;

namespace dlp {

struct BodyDecoderLimits {
  std::uint64_t max_output = 50ull << 20;  // bytes one body may inflate to
  std::uint64_t max_ratio = 200;           // output / input past which it is a bomb
};

// Inflates a gzip, zlib or raw deflate body (Content-Encoding gzip/deflate)
// as its bytes arrive, within an output cap and a ratio cap: a decompression
// bomb stops with `bomb()` set, a damaged stream with `failed()` set; what
// was inflated before either is kept.
class BodyDecoder {
 public:
  explicit BodyDecoder(const BodyDecoderLimits& limits);
  ~BodyDecoder();
  BodyDecoder(const BodyDecoder&) = delete;
  BodyDecoder& operator=(const BodyDecoder&) = delete;

  // Inflates `in`; the output replaces `out`'s content.
  void write(ByteSpan in, std::string& out);
  bool failed() const { return failed_; }
  bool bomb() const { return bomb_; }

 private:
  bool start(bool raw);
  BodyDecoderLimits limits_;
  std::unique_ptr<z_stream_s> z_;
  bool started_ = false, raw_ = false, failed_ = false, bomb_ = false, ended_ = false;
  std::uint64_t in_total_ = 0, out_total_ = 0;
  std::string first_bytes_;  // kept until the first inflate succeeds, to retry as raw deflate
};

}  // namespace dlp
