#include "app/coding/content_decoder.hpp"

#include <brotli/decode.h>
#include <isa-l/igzip_lib.h>

#include <algorithm>
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

DeflateDecoder::DeflateDecoder(const ContentLimits& limits, Format format)
    : ContentDecoder(limits), state_(std::make_unique_for_overwrite<inflate_state>()),
      may_retry_raw_(format == Format::detect), reading_header_(format != Format::raw) {
  start(format == Format::raw);
}

DeflateDecoder::~DeflateDecoder() = default;

// A zlib stream's header and Adler-32 are checked by ISA-L (RFC 1950).
void DeflateDecoder::start(bool raw) {
  isal_inflate_init(state_.get());
  state_->crc_flag = raw ? ISAL_DEFLATE : ISAL_ZLIB;
  raw_ = raw;
}

ContentDecoder::Step DeflateDecoder::step(ByteSpan in, std::span<std::uint8_t> buffer, std::size_t& used,
                                          std::size_t& produced) {
  if (!reading_header_) return inflate(in, buffer, used, produced);
  produced = 0;
  return read_header(in, used);
}

// A gzip header is read here and the deflate data after it inflated raw;
// bytes that are no gzip header go to the zlib reader (a zlib stream sent
// as gzip, or damage).
ContentDecoder::Step DeflateDecoder::read_header(ByteSpan in, std::size_t& used) {
  used = header_.read(in);
  header_bytes_.append(as_chars(in.first(used)));
  if (header_.state() == GzipHeader::State::reading) return Step::more;
  reading_header_ = false;
  if (header_.state() == GzipHeader::State::not_gzip) {
    retry_ = std::move(header_bytes_);
    retry_.append(as_chars(in.subspan(used)));
    if (may_retry_raw_) first_bytes_ = retry_;
    used = in.size();
  } else {
    start(true);
  }
  header_bytes_.clear();
  return Step::more;
}

ContentDecoder::Step DeflateDecoder::inflate(ByteSpan in, std::span<std::uint8_t> buffer, std::size_t& used,
                                             std::size_t& produced) {
  // After the header, or a restart as raw deflate, what was seen before is inflated first.
  const bool retrying = !retry_.empty();
  ByteSpan input = retrying ? as_bytes(retry_) : in;
  if (!producing_ && may_retry_raw_ && !raw_) first_bytes_.append(as_chars(in));
  state_->next_in = const_cast<std::uint8_t*>(input.data());
  state_->avail_in = static_cast<std::uint32_t>(input.size());
  state_->next_out = buffer.data();
  state_->avail_out = static_cast<std::uint32_t>(buffer.size());
  const int rc = isal_inflate(state_.get());
  const bool ended = rc == ISAL_DECOMP_OK && state_->block_state == ISAL_BLOCK_FINISH;
  // Whole bytes still in the bit buffer at the end follow the stream (a zip entry's data descriptor).
  const std::size_t left = state_->avail_in + (ended ? static_cast<std::size_t>(state_->read_in_length / 8) : 0);
  const std::size_t consumed = input.size() - std::min(left, input.size());
  used = retrying ? 0 : consumed;
  if (retrying) retry_.erase(0, consumed);
  produced = buffer.size() - state_->avail_out;
  if (produced > 0 && !producing_) {
    producing_ = true;
    first_bytes_.clear();
  }
  if (ended) return Step::ended;
  if (rc >= 0 && rc != ISAL_NEED_DICT) return Step::more;
  // A "deflate" body without its zlib header: start again as raw deflate on
  // everything seen so far (none of it came out yet).
  if (!may_retry_raw_ || raw_ || producing_) return Step::failed;
  start(true);
  retry_ = std::move(first_bytes_);
  const Step again = inflate({}, buffer, used, produced);
  used = in.size();
  return again;
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
  if (coding == "gzip" || coding == "x-gzip")
    return std::make_unique<DeflateDecoder>(limits, DeflateDecoder::Format::gzip);
  if (coding == "deflate") return std::make_unique<DeflateDecoder>(limits, DeflateDecoder::Format::detect);
  if (coding == "br") return std::make_unique<BrotliDecoder>(limits);
  return nullptr;
}

}  // namespace dlp
