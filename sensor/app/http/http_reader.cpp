#include "app/http/http_reader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstring>
#include <string_view>

#include "app/http/header_block.hpp"
#include "app/mime/mime_header.hpp"
#include "common/ascii.hpp"

namespace dlp {

namespace {

// Message starts, in any case: browsers take "http/1.1" or "HTTP/2.0" as a status line.
constexpr std::array<std::string_view, 8> kStarts = {"GET ",    "POST ",  "PUT ",     "HEAD ",
                                                     "DELETE ", "PATCH ", "OPTIONS ", "HTTP/"};

// Without the blanks and control bytes before it (browsers skip a CR or a
// vertical tab before a chunk size).
std::string_view skip_controls(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  return s;
}

// Whether what is read of a body's first line may be a chunk size (blanks,
// then a hex digit).
bool starts_like_chunk_size(std::string_view line) {
  line = skip_controls(line);
  return line.empty() || std::isxdigit(static_cast<unsigned char>(line.front()));
}

// Exactly three digits: "0204" or "2040" is no 204 (browsers read its body).
int status_of(std::string_view status_line) {
  const auto sp = status_line.find(' ');
  if (sp == std::string_view::npos) return 0;
  const std::string_view code = status_line.substr(sp + 1, status_line.find(' ', sp + 1) - sp - 1);
  int status = 0;
  if (code.size() != 3 || std::from_chars(code.data(), code.data() + 3, status).ptr != code.data() + 3) return 0;
  return status;
}

}  // namespace

HttpReader::HttpReader(const HttpLimits& limits, const ContentLimits& content_limits, HttpStats& stats,
                       ContentStats& content_stats, HttpExchange& exchange)
    : limits_(&limits), stats_(&stats), exchange_(&exchange), body_(limits, content_limits, stats, content_stats) {}

bool HttpReader::line_done() const {
  const std::string_view l = line_;
  if (l.empty() || l.back() != '\n') return false;
  // The header block ends at an empty line, its line ends LF or CRLF in any
  // mix ("\n\n", "\r\n\r\n", "\n\r\n").
  return state_ != State::headers || l.ends_with("\n\n") || l.ends_with("\n\r\n");
}

void HttpReader::feed(ByteSpan data, ContentSink& sink) {
  // Not a message start so far: each new segment may begin one (a capture
  // that started mid-message, a message after a hole).
  if (state_ == State::not_yet) {
    line_.clear();
    state_ = State::detect;
  }
  std::size_t i = 0;
  while (i < data.size() && state_ != State::stopped && state_ != State::not_yet) {
    switch (state_) {
      case State::detect: i = detect(data, i, sink); break;
      case State::headers:
      case State::chunk_size:
      case State::trailers: i = line(data, i, sink); break;
      case State::body:
      case State::chunk_data: i = body(data, i, sink); break;
      case State::chunk_data_end: i = chunk_data_end(data, i, sink); break;
      case State::until_close:
        body_.write(data.subspan(i), sink);
        i = data.size();
        break;
      case State::not_yet:
      case State::stopped: break;
    }
  }
}

// One byte at a time until the bytes are, or cannot be, a message start.
std::size_t HttpReader::detect(ByteSpan data, std::size_t i, ContentSink& sink) {
  const char c = static_cast<char>(data[i++]);
  if (line_.empty() && (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0'))
    return i;  // blank lines (or NULs) before a message
  line_.push_back(c);
  const std::string_view l = line_;
  const bool prefix = std::any_of(kStarts.begin(), kStarts.end(), [&](std::string_view s) {
    return istarts_with(s, l.substr(0, std::min(s.size(), l.size())));
  });
  const bool whole =
      std::any_of(kStarts.begin(), kStarts.end(), [&](std::string_view s) { return istarts_with(l, s); });
  if (whole) {
    http_ = true;
    state_ = State::headers;
  } else if (!prefix && !http_ && !not_http_ && !exchange_->requests.empty()) {
    read_headerless_response(sink);  // bytes still in `data` follow as its body
  } else if (!prefix) {
    not_http_ = true;
    state_ = State::not_yet;
  }
  return i;
}

// Up to and including the next line end, in one piece: the header block, a
// chunk size or a trailer line.
std::size_t HttpReader::line(ByteSpan data, std::size_t i, ContentSink& sink) {
  const auto* nl = static_cast<const std::uint8_t*>(std::memchr(data.data() + i, '\n', data.size() - i));
  const std::size_t take = nl ? static_cast<std::size_t>(nl - data.data()) - i + 1 : data.size() - i;
  line_.append(as_chars(data.subspan(i, take)));
  i += take;
  if (line_.size() > limits_->max_header_bytes) {
    stop(&stats_->header_overflows, sink);
  } else if (state_ == State::chunk_size && first_chunk_ && !starts_like_chunk_size(line_)) {
    read_unchunked(sink);
  } else if (nl && line_done()) {
    if (state_ == State::headers) {
      parse_headers(sink);
    } else if (state_ == State::trailers) {
      if (trim_blanks(line_).empty()) end_message(sink);
      line_.clear();
    } else {
      chunk_size(sink);
    }
  }
  return i;
}

// Hex size, leading zeros allowed, then ;extensions. As browsers read it
// (HTTP-Evader): blank lines before it are skipped and what follows the hex
// digits is ignored.
void HttpReader::chunk_size(ContentSink& sink) {
  const std::string_view l = skip_controls(line_);
  if (l.empty()) return line_.clear();
  std::uint64_t size = 0;
  auto [end, ec] = std::from_chars(l.data(), l.data() + l.size(), size, 16);
  if (ec != std::errc() && first_chunk_) return read_unchunked(sink);
  if (ec != std::errc()) return stop(&stats_->bad_framing, sink);
  first_chunk_ = false;
  line_.clear();
  remaining_ = size;
  state_ = size == 0 ? State::trailers : State::chunk_data;
}

std::size_t HttpReader::body(ByteSpan data, std::size_t i, ContentSink& sink) {
  const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, data.size() - i));
  body_.write(data.subspan(i, n), sink);
  remaining_ -= n;
  if (remaining_ == 0) {
    if (state_ == State::body)
      end_message(sink);
    else
      state_ = State::chunk_data_end;
  }
  return i + n;
}

// The CRLF (or a bare LF) after a chunk's data.
std::size_t HttpReader::chunk_data_end(ByteSpan data, std::size_t i, ContentSink& sink) {
  if (data[i] == '\r') return i + 1;
  if (data[i] == '\n') {
    state_ = State::chunk_size;
    return i + 1;
  }
  stop(&stats_->bad_framing, sink);
  return i;
}

// A response belongs to the oldest request awaiting one (1xx are interim);
// a request names itself.
void HttpReader::start_request_or_response(std::string_view start) {
  response_ = istarts_with(start, "HTTP/");
  context_ = {};
  if (response_) {
    status_ = status_of(start);
    if (!exchange_->requests.empty()) {
      context_ = exchange_->requests.front();
      if (status_ / 100 != 1) exchange_->requests.erase(exchange_->requests.begin());
    }
    return;
  }
  const auto sp1 = start.find(' '), sp2 = start.rfind(' ');
  context_.http_method.assign(start.substr(0, sp1));
  if (sp1 != std::string_view::npos && sp2 > sp1) context_.http_uri.assign(start.substr(sp1 + 1, sp2 - sp1 - 1));
  // A request to a proxy names its host in the URI (RFC 9112 3.2.2); a Host field, if any, says it again.
  if (const auto scheme = context_.http_uri.find("://"); scheme != std::string::npos && scheme < 8) {
    const auto authority = context_.http_uri.substr(scheme + 3);
    context_.http_host = authority.substr(0, authority.find_first_of("/?#"));
  }
}

void HttpReader::parse_headers(ContentSink& sink) {
  ++stats_->messages;
  const HeaderBlock block = read_header_block(line_);
  line_.clear();
  start_request_or_response(block.start_line);
  // Framing as browsers read it: the first Content-Length's first number,
  // and chunked wherever a Transfer-Encoding names it (the body's first
  // chunk-size line decides, see chunk_size). Anything unclean is counted.
  std::optional<std::uint64_t> length;
  bool chunked = false;
  std::string codings, content_type;
  for (const HeaderField& f : block.fields) {
    if (iequals(f.name, "content-length")) {
      bool clean = false;
      const auto n = content_length_value(f.value, clean);
      if (!clean || (length && n != length)) ++stats_->bad_framing;
      if (!length) length = n;
    } else if (iequals(f.name, "transfer-encoding")) {
      chunked = chunked || icontains(f.value, "chunked");  // "xchunked", "chunked;": the body decides
    } else if (iequals(f.name, "content-encoding")) {
      codings.append(codings.empty() ? "" : ",").append(f.value);  // repeated headers are one list
    } else if (iequals(f.name, "content-type")) {
      content_type = f.value;
    } else if (iequals(f.name, "content-disposition")) {
      context_.filename = header_parameter(f.value, "filename");  // a download's (or a PUT's) file name
    } else if (iequals(f.name, "host") && !response_) {
      context_.http_host = f.value;
    } else if (iequals(f.name, "user-agent") && !response_) {
      exchange_->trail.note_user_agent(f.value);
    }
  }
  if (!response_) {
    exchange_->trail.add_request(context_.http_uri);
    if (exchange_->requests.size() >= limits_->max_pending_requests) {
      ++stats_->pending_overflows;
      exchange_->requests.erase(exchange_->requests.begin());
    }
    exchange_->requests.push_back(context_);
  }
  frame_body(length, chunked, codings, content_type, sink);
}

void HttpReader::frame_body(std::optional<std::uint64_t> length, bool chunked, const std::string& codings,
                            const std::string& content_type, ContentSink& sink) {
  const int status = response_ ? status_ : 0;
  const bool no_body =
      response_ && (status / 100 == 1 || status == 204 || status == 304 || context_.http_method == "HEAD");
  if (response_ && status / 100 == 2 && context_.http_method == "CONNECT") return stop(nullptr, sink);  // a tunnel
  if (no_body) {
    state_ = State::headers;
    return;
  }
  // Transfer-Encoding wins over Content-Length (RFC 9112 6.3), which is
  // kept in case the body is not chunked after all.
  plain_length_ = length;
  first_chunk_ = chunked;
  if (chunked) {
    state_ = State::chunk_size;
  } else if (length) {
    remaining_ = *length;
    state_ = State::body;
  } else if (response_) {
    state_ = State::until_close;
  } else {
    state_ = State::headers;  // a request without a length has no body
    return;
  }
  body_.start(codings, content_type, chunked, context_);
  if (state_ == State::body && remaining_ == 0) end_message(sink);
}

// The body's first line is no chunk size: the Transfer-Encoding was one
// browsers ignore, and the body is read by its Content-Length, or (a
// response) to the close. The line read is the body's start.
void HttpReader::read_unchunked(ContentSink& sink) {
  ++stats_->bad_framing;
  first_chunk_ = false;
  const std::string start = std::move(line_);
  line_.clear();
  if (plain_length_) {
    remaining_ = *plain_length_;
    state_ = State::body;
  } else if (response_) {
    state_ = State::until_close;
  } else {
    return stop(nullptr, sink);
  }
  if (state_ == State::body && remaining_ == 0) return end_message(sink);
  feed(as_bytes(start), sink);
}

// The reply to a request does not start as HTTP: as browsers do, it is an
// HTTP/0.9 response, all body, read to the close. Only for a direction's
// first bytes: HTTP after other bytes (a SOCKS handshake) is looked for
// at each segment instead.
void HttpReader::read_headerless_response(ContentSink& sink) {
  http_ = true;
  response_ = true;
  status_ = 0;
  context_ = exchange_->requests.front();
  exchange_->requests.erase(exchange_->requests.begin());
  const std::string start = std::move(line_);
  line_.clear();
  state_ = State::until_close;
  body_.start("", "", false, context_);
  body_.write(as_bytes(start), sink);
}

void HttpReader::end_body(ContentSink& sink) { body_.end(response_, status_, context_, sink); }

void HttpReader::end_message(ContentSink& sink) {
  end_body(sink);
  line_.clear();
  state_ = State::headers;
}

void HttpReader::stop(std::uint64_t* counter, ContentSink& sink) {
  if (counter) ++*counter;
  end_body(sink);
  line_.clear();
  state_ = State::stopped;
}

// Bytes were lost: what was being read ends there. A message may start
// right after the hole (a lost segment held a whole message): the analyzer
// looks for one, and stops if the bytes are not one.
void HttpReader::gap(ContentSink& sink) {
  if (state_ == State::stopped) return;
  if (state_ != State::detect && state_ != State::not_yet) ++stats_->gaps;
  end_body(sink);
  line_.clear();
  state_ = State::detect;
}

void HttpReader::close(ContentSink& sink) {
  if (state_ != State::stopped) stop(nullptr, sink);
}

}  // namespace dlp
