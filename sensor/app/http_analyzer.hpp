#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "app/body_decoder.hpp"
#include "common/byte_span.hpp"

namespace dlp {

class JsonWriter;

struct HttpLimits {
  std::size_t max_header_bytes = 64 << 10;  // a header block longer than this ends parsing
  std::uint64_t max_body_bytes = 10 << 20;  // decoded body bytes scanned per message
  BodyDecoderLimits inflate;
};

struct HttpStats {
  std::uint64_t messages = 0;         // header blocks parsed
  std::uint64_t decoded_bodies = 0;   // chunked or compressed bodies decoded and scanned
  std::uint64_t header_overflows = 0; // header blocks past max_header_bytes
  std::uint64_t bad_framing = 0;      // conflicting lengths, a bad chunk size: parsing stopped
  std::uint64_t inflate_errors = 0;   // damaged compressed bodies (what inflated is kept)
  std::uint64_t bombs = 0;            // bodies stopped by the inflate output or ratio cap
  std::uint64_t truncated = 0;        // bodies cut at max_body_bytes
  std::uint64_t gaps = 0;             // directions that lost bytes mid-message
  void write_json(JsonWriter& w) const;
};

// Receives the decoded body of each HTTP message whose framing or encoding
// hid it from the raw scan (chunked, gzip, deflate).
class HttpBodySink {
 public:
  virtual void on_body(ByteSpan decoded) = 0;
  virtual void on_body_end() = 0;

 protected:
  ~HttpBodySink() = default;
};

// HTTP/1.x, one direction, as a small state machine fed in-order stream
// bytes (Zeek's analyzers are built so): detected from the first bytes, not
// the port; messages one after another (keep-alive, pipelining); bodies
// framed by Content-Length, chunked transfer coding (extensions, trailers,
// sizes with leading zeros) or the end of the connection; gzip/deflate
// bodies inflated. Plain bodies are left to the raw scan, which sees them
// whole. Anything it cannot frame ends parsing for the direction, counted;
// the raw bytes are still scanned.
class HttpAnalyzer {
 public:
  HttpAnalyzer(const HttpLimits& limits, HttpStats& stats) : limits_(&limits), stats_(&stats) {}

  void feed(ByteSpan data, HttpBodySink& sink);
  // Bytes were lost: the framing cannot be trusted any more.
  void gap(HttpBodySink& sink);
  // The end of the connection ends a body read until close.
  void close(HttpBodySink& sink);
  bool is_http() const { return http_; }
  // Held header bytes and inflate state, counted against the flow memcap.
  std::size_t memory_bytes() const {
    return line_.capacity() + inflated_.capacity() + (decoder_ ? kInflateStateBytes : 0);
  }

 private:
  static constexpr std::size_t kInflateStateBytes = 48 << 10;  // zlib's state and 32 KiB window
  enum class State { detect, headers, body, chunk_size, chunk_data, chunk_data_end, trailers, until_close, stopped };
  void parse_headers(HttpBodySink& sink);
  void body_bytes(ByteSpan bytes, HttpBodySink& sink);
  void end_message(HttpBodySink& sink);
  void stop(std::uint64_t* counter, HttpBodySink& sink);
  // A line (or the header block) is complete in line_.
  bool line_done() const;

  const HttpLimits* limits_;
  HttpStats* stats_;
  State state_ = State::detect;
  bool http_ = false;
  std::string line_;             // the header block, or a chunk-size or trailer line
  std::uint64_t remaining_ = 0;  // of the Content-Length or the chunk
  bool forward_ = false;         // this body is decoded and scanned on its own
  std::uint64_t body_bytes_ = 0;
  std::unique_ptr<BodyDecoder> decoder_;
  std::string inflated_;
};

}  // namespace dlp
