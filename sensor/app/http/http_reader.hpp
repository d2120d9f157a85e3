#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "app/http/http_body.hpp"

namespace dlp {

// HTTP/1.x framing of one direction, as a small state machine fed in-order
// stream bytes: detected from a message start at the beginning of the
// stream or of a later segment, not from the port; messages one after
// another (keep-alive, pipelining); bodies framed by Content-Length,
// chunked transfer coding (extensions, trailers, sizes with leading zeros)
// or the end of the connection, and handed to an HttpBody. Headers and
// framing are read as browsers read them (HTTP-Evader's cases). Anything it
// cannot frame ends parsing for the direction, counted; the raw bytes are
// still scanned.
class HttpReader {
 public:
  HttpReader(const HttpLimits& limits, const ContentLimits& content_limits, HttpStats& stats,
             ContentStats& content_stats, HttpExchange& exchange);

  void feed(ByteSpan data, ContentSink& sink);
  // Bytes were lost: the message being read ends; the next may start after the hole.
  void gap(ContentSink& sink);
  // The end of the connection ends a body read until close.
  void close(ContentSink& sink);
  bool is_http() const { return http_; }
  // The request this direction's current message belongs to.
  const ContentContext& context() const { return context_; }
  std::size_t memory_bytes() const { return line_.capacity() + body_.memory_bytes(); }

 private:
  // not_yet: the bytes so far did not start a message; the next write may.
  enum class State {
    detect,
    not_yet,
    headers,
    body,
    chunk_size,
    chunk_data,
    chunk_data_end,
    trailers,
    until_close,
    stopped
  };
  // Each state reads from data[i] on and returns where it stopped.
  std::size_t detect(ByteSpan data, std::size_t i, ContentSink& sink);
  std::size_t line(ByteSpan data, std::size_t i, ContentSink& sink);
  std::size_t body(ByteSpan data, std::size_t i, ContentSink& sink);
  std::size_t chunk_data_end(ByteSpan data, std::size_t i, ContentSink& sink);
  void chunk_size(ContentSink& sink);
  void parse_headers(ContentSink& sink);
  void start_request_or_response(std::string_view start_line);
  void frame_body(std::optional<std::uint64_t> length, bool chunked, const std::string& codings,
                  const std::string& content_type, ContentSink& sink);
  void end_message(ContentSink& sink);
  void read_unchunked(ContentSink& sink);
  void read_headerless_response(ContentSink& sink);
  void end_body(ContentSink& sink);
  void stop(std::uint64_t* counter, ContentSink& sink);
  // A line (or the header block) is complete in line_.
  bool line_done() const;

  const HttpLimits* limits_;
  HttpStats* stats_;
  HttpExchange* exchange_;
  State state_ = State::detect;
  bool http_ = false;
  bool not_http_ = false;                      // bytes that start no message were seen in this direction
  std::string line_;                           // the header block, or a chunk-size or trailer line
  std::uint64_t remaining_ = 0;                // of the Content-Length or the chunk
  std::optional<std::uint64_t> plain_length_;  // the Content-Length of a chunked message
  bool first_chunk_ = false;                   // no chunk size read yet in this message
  ContentContext context_;
  bool response_ = false;
  int status_ = 0;
  HttpBody body_;
};

}  // namespace dlp
