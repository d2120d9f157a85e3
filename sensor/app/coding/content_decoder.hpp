#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "app/coding/gzip_header.hpp"
#include "app/content_limits.hpp"
#include "common/byte_span.hpp"

struct inflate_state;
struct BrotliDecoderStateStruct;

namespace dlp {

// Decompresses a stream as its bytes arrive, within an output cap and a
// ratio cap: a decompression bomb stops with `bomb()` set, damaged data
// with `failed()` set; what came out before either is kept.
class ContentDecoder {
 public:
  explicit ContentDecoder(const ContentLimits& limits) : limits_(limits) {}
  virtual ~ContentDecoder() = default;
  ContentDecoder(const ContentDecoder&) = delete;
  ContentDecoder& operator=(const ContentDecoder&) = delete;

  // Decompresses `in` into `out` (its content replaced). Returns how many
  // bytes of `in` belonged to the compressed stream: all of them unless it
  // ended inside `in` (a zip entry's data descriptor follows it).
  std::size_t write(ByteSpan in, std::string& out);
  bool failed() const { return failed_; }
  bool bomb() const { return bomb_; }
  bool ended() const { return ended_; }

 protected:
  enum class Step { more, ended, failed };
  // Decompresses what it can of `in` into `buffer`; sets `used` and `produced`.
  virtual Step step(ByteSpan in, std::span<std::uint8_t> buffer, std::size_t& used, std::size_t& produced) = 0;

 private:
  ContentLimits limits_;
  bool failed_ = false, bomb_ = false, ended_ = false;
  std::uint64_t in_total_ = 0, out_total_ = 0;
};

// gzip, zlib or raw deflate through Intel's ISA-L (igzip), which inflates
// about twice as fast as zlib. A gzip header is read here (as browsers read
// it); `detect` takes a zlib stream and, when that fails before any output,
// starts again as raw deflate (some servers send that as "deflate"); `gzip`
// takes a zlib stream where the gzip header is missing, but never guesses
// raw deflate.
class DeflateDecoder final : public ContentDecoder {
 public:
  enum class Format { gzip, detect, raw };
  DeflateDecoder(const ContentLimits& limits, Format format);
  ~DeflateDecoder() override;

 private:
  Step step(ByteSpan in, std::span<std::uint8_t> buffer, std::size_t& used, std::size_t& produced) override;
  Step read_header(ByteSpan in, std::size_t& used);
  Step inflate(ByteSpan in, std::span<std::uint8_t> buffer, std::size_t& used, std::size_t& produced);
  void start(bool raw);
  std::unique_ptr<inflate_state> state_;  // 85 KiB: the history and Huffman tables
  bool raw_ = false, producing_ = false;
  bool may_retry_raw_;
  bool reading_header_;  // a gzip header, or the first bytes of a zlib stream
  GzipHeader header_;
  std::string header_bytes_;  // kept in case they are no gzip header after all
  std::string first_bytes_;   // kept until output starts, to retry as raw deflate
  std::string retry_;         // those bytes, being inflated again
};

// Brotli (Content-Encoding: br) through Debian's libbrotli.
class BrotliDecoder final : public ContentDecoder {
 public:
  explicit BrotliDecoder(const ContentLimits& limits);
  ~BrotliDecoder() override;

 private:
  Step step(ByteSpan in, std::span<std::uint8_t> buffer, std::size_t& used, std::size_t& produced) override;
  BrotliDecoderStateStruct* state_;
};

// The decoder of one HTTP content coding (gzip, x-gzip, deflate, br), or
// nothing for one it does not know.
std::unique_ptr<ContentDecoder> make_content_decoder(std::string_view coding, const ContentLimits& limits);

}  // namespace dlp
