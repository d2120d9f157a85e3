#pragma once
#include <cstdint>
#include <string>

#include "common/byte_span.hpp"
#include "icap/icap_request.hpp"

namespace dlp {

// What an IcapParser reads off a connection, in order, for each request.
class IcapEvents {
 public:
  virtual ~IcapEvents() = default;
  virtual void head(const IcapRequest& request) = 0;
  virtual void body(ByteSpan data) = 0;
  // The preview ended without "ieof": the client waits for 100 Continue
  // (IcapParser::resume) or for the final answer.
  virtual void preview_end() = 0;
  virtual void end() = 0;
};

struct IcapParserLimits {
  std::size_t max_head_bytes = 64 * 1024;  // the ICAP head and each HTTP head it encapsulates
};

// The ICAP requests of one connection, fed its bytes as they come: a head
// up to its blank line, the HTTP heads the Encapsulated field measures out,
// then the chunked body, whose zero chunk ends a preview (waiting for the
// server's word) or, with "ieof", the whole message. A request whose framing
// cannot be read stops the parser with the reason: its connection cannot go
// on (the answer is 400 and a close).
class IcapParser {
 public:
  explicit IcapParser(const IcapParserLimits& limits) : limits_(limits) {}

  // Reads what it can of `data`; returns the bytes consumed. It stops short
  // while a preview waits for the server (resume() or answered()) and at an
  // error.
  std::size_t feed(ByteSpan data, IcapEvents& events);
  // After 100 Continue: the rest of the body follows.
  void resume();
  // The server answered a preview without asking for the rest: what follows is the next request.
  void answered();
  bool waiting() const { return state_ == State::preview_wait; }
  bool failed() const { return state_ == State::failed; }
  // Between requests: nothing of one is pending.
  bool idle() const { return state_ == State::head && buffer_.empty(); }
  const std::string& error() const { return error_; }
  // The ICAP status that answers the error: 400, 501 (method) or 505 (version).
  int error_status() const { return error_status_; }

 private:
  enum class State { head, encapsulated, chunk_size, chunk_data, chunk_end, trailer, preview_wait, failed };
  // Each step reads from `in` and returns false when it needs more bytes.
  bool read_head(ByteSpan& in, IcapEvents& events);
  bool read_encapsulated(ByteSpan& in, IcapEvents& events);
  bool read_chunk_size(ByteSpan& in);
  bool read_chunk_data(ByteSpan& in, IcapEvents& events);
  bool read_chunk_end(ByteSpan& in);
  bool read_trailer(ByteSpan& in, IcapEvents& events);
  // A line (without its CRLF) into `line_`; false until its LF has come.
  bool take_line(ByteSpan& in);
  bool parse_head(std::string_view head);
  bool parse_encapsulated(std::string_view value);
  void fail(std::string why, int status = 400);
  void finish(IcapEvents& events);

  IcapParserLimits limits_;
  State state_ = State::head;
  std::string buffer_;  // a head or line being gathered
  std::string line_;
  IcapRequest request_;
  std::size_t request_head_bytes_ = 0, response_head_bytes_ = 0;
  std::uint64_t chunk_left_ = 0;
  bool in_preview_ = false;
  std::uint64_t preview_seen_ = 0;
  bool ieof_ = false;
  std::string error_;
  int error_status_ = 400;
};

}  // namespace dlp
