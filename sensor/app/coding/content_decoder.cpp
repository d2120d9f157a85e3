#include "app/coding/content_decoder.hpp"

#include <brotli/decode.h>
#include <zlib.h>

#include <array>

namespace dlp {

std::size_t ContentDecoder::write(ByteSpan in, std::string& out) {
  out.clear();
  if (failed_ || bomb_ || ended_) return in.size();
  in_total_ += in.size();
  std::size_t offset = 0;
  std::array<std::uint8_t, 16384> buffer;
  // Also runs once on empty input, for output held back by the last call.
  do {
    std::size_t used = 0, produced = 0;
    const Step s = step(in.subspan(offset), buffer, used, produced);
    offset += used;
    out_total_ += produced;
    if (out_total_ > limits_.max_output || out_total_ > limits_.max_ratio * in_total_ + 65536) {
      bomb_ = true;
      return in.size();
    }
    out.append(reinterpret_cast<const char*>(buffer.data()), produced);
    if (s == Step::ended) {
      ended_ = true;
      return offset;
    }
    if (s == Step::failed) {
      failed_ = true;
      return in.size();
    }
    if (used == 0 && produced < buffer.size()) break;  // needs more input
  } while (true);
  return in.size();
}

ZlibDecoder::ZlibDecoder(const ContentLimits& limits, Format format)
    : ContentDecoder(limits), z_(std::make_unique<z_stream_s>()), may_retry_raw_(format == Format::detect),
      reading_header_(format == Format::gzip) {
  start(format == Format::raw);
}

ZlibDecoder::~ZlibDecoder() {
  if (started_) inflateEnd(z_.get());
}

// windowBits 15 + 32 reads a gzip or zlib header; -15 is raw deflate.
bool ZlibDecoder::start(bool raw) {
  if (started_) inflateEnd(z_.get());
  *z_ = z_stream_s{};
  started_ = inflateInit2(z_.get(), raw ? -15 : 15 + 32) == Z_OK;
  raw_ = raw;
  return started_;
}

ContentDecoder::Step ZlibDecoder::step(ByteSpan in, std::span<std::uint8_t> buffer, std::size_t& used,
                                       std::size_t& produced) {
  if (!started_) return Step::failed;
  if (reading_header_) {
    used = header_.read(in);
    produced = 0;
    header_bytes_.append(as_chars(in.first(used)));
    if (header_.state() == GzipHeader::State::reading) return Step::more;
    reading_header_ = false;
    // No gzip header: zlib reads what came (a zlib stream sent as gzip, or damage).
    if (header_.state() == GzipHeader::State::not_gzip) {
      retry_ = std::move(header_bytes_);
      retry_.append(as_chars(in.subspan(used)));
      used = in.size();
    } else if (!start(true)) {
      return Step::failed;
    }
    header_bytes_.clear();
    return Step::more;
  }
  // After a restart as raw deflate, what was seen before is inflated first.
  const bool retrying = !retry_.empty();
  ByteSpan input = retrying ? as_bytes(retry_) : in;
  if (!producing_ && may_retry_raw_ && !raw_) first_bytes_.append(as_chars(in));
  z_->next_in = const_cast<Bytef*>(input.data());
  z_->avail_in = static_cast<uInt>(input.size());
  z_->next_out = buffer.data();
  z_->avail_out = static_cast<uInt>(buffer.size());
  const int rc = inflate(z_.get(), Z_NO_FLUSH);
  const std::size_t consumed = input.size() - z_->avail_in;
  used = retrying ? 0 : consumed;
  if (retrying) retry_.erase(0, consumed);
  produced = buffer.size() - z_->avail_out;
  if (produced > 0 && !producing_) {
    producing_ = true;
    first_bytes_.clear();
  }
  if (rc == Z_STREAM_END) return Step::ended;
  if (rc == Z_OK || rc == Z_BUF_ERROR) return Step::more;
  // A "deflate" body without its zlib header: start again as raw deflate on
  // everything seen so far (none of it came out yet).
  if (!may_retry_raw_ || raw_ || producing_ || !start(true)) return Step::failed;
  retry_ = std::move(first_bytes_);
  used = in.size();
  return Step::more;
}

BrotliDecoder::BrotliDecoder(const ContentLimits& limits)
    : ContentDecoder(limits), state_(BrotliDecoderCreateInstance(nullptr, nullptr, nullptr)) {}

BrotliDecoder::~BrotliDecoder() {
  if (state_) BrotliDecoderDestroyInstance(state_);
}

ContentDecoder::Step BrotliDecoder::step(ByteSpan in, std::span<std::uint8_t> buffer, std::size_t& used,
                                         std::size_t& produced) {
  if (!state_) return Step::failed;
  std::size_t avail_in = in.size(), avail_out = buffer.size();
  const std::uint8_t* next_in = in.data();
  std::uint8_t* next_out = buffer.data();
  const auto rc = BrotliDecoderDecompressStream(state_, &avail_in, &next_in, &avail_out, &next_out, nullptr);
  used = in.size() - avail_in;
  produced = buffer.size() - avail_out;
  switch (rc) {
    case BROTLI_DECODER_RESULT_SUCCESS: return Step::ended;
    case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
    case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: return Step::more;
    default: return Step::failed;
  }
}

std::unique_ptr<ContentDecoder> make_content_decoder(std::string_view coding, const ContentLimits& limits) {
  if (coding == "gzip" || coding == "x-gzip") return std::make_unique<ZlibDecoder>(limits, ZlibDecoder::Format::gzip);
  if (coding == "deflate") return std::make_unique<ZlibDecoder>(limits, ZlibDecoder::Format::detect);
  if (coding == "br") return std::make_unique<BrotliDecoder>(limits);
  return nullptr;
}

}  // namespace dlp
