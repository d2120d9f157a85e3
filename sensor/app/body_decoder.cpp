#include "app/body_decoder.hpp"

#include <zlib.h>

namespace dlp {

BodyDecoder::BodyDecoder(const BodyDecoderLimits& limits) : limits_(limits), z_(std::make_unique<z_stream_s>()) {}

BodyDecoder::~BodyDecoder() {
  if (started_) inflateEnd(z_.get());
}

// windowBits 15 + 32 reads a gzip or zlib header; -15 is raw deflate, which
// some servers send as "deflate".
bool BodyDecoder::start(bool raw) {
  if (started_) inflateEnd(z_.get());
  *z_ = z_stream_s{};
  started_ = inflateInit2(z_.get(), raw ? -15 : 15 + 32) == Z_OK;
  raw_ = raw;
  return started_;
}

void BodyDecoder::write(ByteSpan in, std::string& out) {
  out.clear();
  if (failed_ || bomb_ || ended_ || in.empty()) return;
  if (!started_ && !start(false)) {
    failed_ = true;
    return;
  }
  in_total_ += in.size();
  if (out_total_ == 0 && !raw_) first_bytes_.append(as_chars(in));
  std::string retry;
  ByteSpan input = in;
  for (int attempt = 0; attempt < 2; ++attempt) {
    z_->next_in = const_cast<Bytef*>(input.data());
    z_->avail_in = static_cast<uInt>(input.size());
    int rc = Z_OK;
    char buffer[16384];
    while (z_->avail_in > 0 && rc == Z_OK) {
      z_->next_out = reinterpret_cast<Bytef*>(buffer);
      z_->avail_out = sizeof buffer;
      rc = inflate(z_.get(), Z_NO_FLUSH);
      const std::size_t produced = sizeof buffer - z_->avail_out;
      out_total_ += produced;
      if (out_total_ > limits_.max_output || out_total_ > limits_.max_ratio * in_total_ + 65536) {
        bomb_ = true;
        return;
      }
      out.append(buffer, produced);
      if (rc == Z_BUF_ERROR && produced > 0) rc = Z_OK;
    }
    if (rc == Z_STREAM_END) {
      ended_ = true;
      return;
    }
    if (rc == Z_OK || rc == Z_BUF_ERROR) {
      if (out_total_ > 0) first_bytes_.clear();
      return;
    }
    // A "deflate" body without its zlib header: start again as raw deflate.
    if (raw_ || out_total_ > 0 || !start(true)) break;
    retry.swap(first_bytes_);
    input = as_bytes(retry);
  }
  failed_ = true;
}

}  // namespace dlp
