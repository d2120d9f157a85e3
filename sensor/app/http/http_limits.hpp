#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/content_context.hpp"
#include "common/counters.hpp"
#include "common/request_trail.hpp"

namespace dlp {

struct HttpLimits {
  std::size_t max_header_bytes = 64 << 10;  // a header block longer than this ends parsing
  std::uint64_t max_body_bytes = 10 << 20;  // body bytes decoded per direction of a connection
  std::size_t max_pending_requests = 64;    // requests awaiting their response (pipelining)
};

struct HttpStats {
  std::uint64_t messages = 0;
  std::uint64_t decoded_bodies = 0;
  std::uint64_t header_overflows = 0;
  std::uint64_t bad_framing = 0;
  std::uint64_t unknown_codings = 0;
  std::uint64_t truncated = 0;
  std::uint64_t gaps = 0;
  std::uint64_t pending_overflows = 0;
  static constexpr Counter<HttpStats> counters[] = {
      {"messages", &HttpStats::messages, "header blocks parsed"},
      {"decoded_bodies", &HttpStats::decoded_bodies, "bodies given to the decoders"},
      {"header_overflows", &HttpStats::header_overflows, "header blocks past max_header_bytes"},
      {"bad_framing", &HttpStats::bad_framing, "conflicting lengths, a bad chunk size: parsing stopped"},
      {"unknown_codings", &HttpStats::unknown_codings, "a Content-Encoding not decoded"},
      {"truncated", &HttpStats::truncated, "directions whose bodies passed max_body_bytes"},
      {"gaps", &HttpStats::gaps, "holes in the stream where a message was being read"},
      {"pending_overflows", &HttpStats::pending_overflows, "requests forgotten: too many awaited their response"},
  };
};

// What the two directions of one connection share: the requests still
// awaiting their responses, oldest first, so that a response knows its
// request (a HEAD response has no body; a download is named by its URI).
// A vector rather than a deque: most connections wait for one request at a
// time, and a deque allocates half a kilobyte as it is made.
struct HttpExchange {
  std::vector<ContentContext> requests;
  RequestTrail trail;  // every request, for the receiver's summary
};

}  // namespace dlp
