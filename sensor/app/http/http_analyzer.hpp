#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/coding/content_decoder.hpp"
#include "app/content_sink.hpp"
#include "common/byte_span.hpp"

namespace dlp {

class JsonWriter;

struct HttpLimits {
  std::size_t max_header_bytes = 64 << 10;  // a header block longer than this ends parsing
  std::uint64_t max_body_bytes = 10 << 20;  // body bytes decoded per direction of a connection
  std::size_t max_pending_requests = 64;    // requests awaiting their response (pipelining)
};

struct HttpStats {
  std::uint64_t messages = 0;          // header blocks parsed
  std::uint64_t decoded_bodies = 0;    // bodies given to the decoders
  std::uint64_t header_overflows = 0;  // header blocks past max_header_bytes
  std::uint64_t bad_framing = 0;       // conflicting lengths, a bad chunk size: parsing stopped
  std::uint64_t unknown_codings = 0;   // a Content-Encoding not decoded
  std::uint64_t truncated = 0;         // directions whose bodies passed max_body_bytes
  std::uint64_t gaps = 0;              // holes in the stream where a message was being read
  std::uint64_t pending_overflows = 0;  // requests forgotten: too many awaited their response
  void write_json(JsonWriter& w) const;
};

// What the two directions of one connection share: the requests still
// awaiting their responses, so that a response knows its request (a HEAD
// response has no body; a download is named by its URI).
struct HttpExchange {
  std::deque<ContentContext> requests;
};

// HTTP/1.x, one direction, as a small state machine fed in-order stream
// bytes (Zeek's analyzers are built so): detected from a message start at
// the beginning of the stream or of a later segment, not from the port; messages one after another (keep-alive, pipelining); bodies
// framed by Content-Length, chunked transfer coding (extensions, trailers,
// sizes with leading zeros) or the end of the connection. A body's content
// codings (gzip, deflate, br, stacked) are undone, a multipart body is
// split into its parts, and what comes out is decoded as a file. A plain
// body is left to the raw scan, which sees it already: only what decoding
// reveals in it (an archive, UTF-16) is passed on. Anything it cannot frame
// ends parsing for the direction, counted; the raw bytes are still scanned.
class HttpAnalyzer {
 public:
  HttpAnalyzer(const HttpLimits& limits, const ContentLimits& content_limits, HttpStats& stats,
               ContentStats& content_stats, HttpExchange& exchange);
  ~HttpAnalyzer();
  HttpAnalyzer(HttpAnalyzer&&) noexcept;

  void feed(ByteSpan data, ContentSink& sink);
  // Bytes were lost: the message being read ends; the next may start after the hole.
  void gap(ContentSink& sink);
  // The end of the connection ends a body read until close.
  void close(ContentSink& sink);
  bool is_http() const { return http_; }
  // The request this direction's current message belongs to.
  const ContentContext& context() const { return context_; }
  // Held header bytes and decoder state, counted against the flow memcap.
  std::size_t memory_bytes() const;

 private:
  static constexpr std::size_t kDecoderStateBytes = 64 << 10;  // zlib's state and window, a part's buffers
  // not_yet: the bytes so far did not start a message; the next write may.
  enum class State { detect, not_yet, headers, body, chunk_size, chunk_data, chunk_data_end, trailers, until_close, stopped };
  void parse_headers(ContentSink& sink);
  void start_body(const std::string& codings, const std::string& content_type, bool chunked);
  void body_bytes(ByteSpan bytes, ContentSink& sink);
  void decode_body(ByteSpan bytes, ContentSink& sink);
  void build_codings();
  void end_message(ContentSink& sink);
  void read_unchunked(ContentSink& sink);
  void read_headerless_response(ContentSink& sink);
  void end_body(ContentSink& sink);
  void stop(std::uint64_t* counter, ContentSink& sink);
  // A line (or the header block) is complete in line_.
  bool line_done() const;

  const HttpLimits* limits_;
  const ContentLimits* content_limits_;
  HttpStats* stats_;
  ContentStats* content_stats_;
  HttpExchange* exchange_;
  State state_ = State::detect;
  bool http_ = false;
  bool not_http_ = false;  // bytes that start no message were seen in this direction
  std::string line_;             // the header block, or a chunk-size or trailer line
  std::uint64_t remaining_ = 0;  // of the Content-Length or the chunk
  std::optional<std::uint64_t> plain_length_;  // the Content-Length of a chunked message
  bool first_chunk_ = false;  // no chunk size read yet in this message
  std::uint64_t body_total_ = 0;  // body bytes decoded in this direction
  bool depth_reached_ = false;
  ContentContext context_;
  bool response_ = false;
  int status_ = 0;
  std::uint64_t message_body_bytes_ = 0;  // out of the content codings
  // The body's content codings, outermost last (undone last to first), and
  // the reader of what they give.
  std::vector<std::string> coding_names_;
  std::vector<std::unique_ptr<ContentDecoder>> codings_;
  std::unique_ptr<ContentReader> reader_;
  std::string decoded_[2];
  static constexpr std::size_t kUndecodedBytes = 64 << 10;
  std::string undecoded_;  // the body's first bytes, while its codings give nothing
};

}  // namespace dlp
