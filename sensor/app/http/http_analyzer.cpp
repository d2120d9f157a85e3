#include "app/http/http_analyzer.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstring>
#include <optional>
#include <string_view>

#include "app/file/file_decoder.hpp"
#include "app/http/header_block.hpp"
#include "app/mime/mime_header.hpp"
#include "app/mime/mime_parser.hpp"
#include "common/ascii.hpp"
#include "common/json_writer.hpp"

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

// The content coding a Content-Encoding item names, read as browsers read
// it ("x-gzip", "gzip x", "x-deflate"), or nothing (identity, unknown).
const char* content_coding(std::string_view item) {
  if (icontains(item, "gzip")) return "gzip";
  if (icontains(item, "deflate")) return "deflate";
  if (iequals(trim_blanks(item), "br")) return "br";
  return nullptr;
}

// Whether what is read of a body's first line may be a chunk size (blanks,
// then a hex digit).
bool starts_like_chunk_size(std::string_view line) {
  line = skip_controls(line);
  return line.empty() || std::isxdigit(static_cast<unsigned char>(line.front()));
}

}  // namespace

void HttpStats::write_json(JsonWriter& w) const {
  w.field("messages", messages).field("decoded_bodies", decoded_bodies).field("header_overflows", header_overflows);
  w.field("bad_framing", bad_framing).field("unknown_codings", unknown_codings).field("truncated", truncated);
  w.field("gaps", gaps).field("pending_overflows", pending_overflows);
}

HttpAnalyzer::HttpAnalyzer(const HttpLimits& limits, const ContentLimits& content_limits, HttpStats& stats,
                           ContentStats& content_stats, HttpExchange& exchange)
    : limits_(&limits), content_limits_(&content_limits), stats_(&stats), content_stats_(&content_stats),
      exchange_(&exchange) {}

HttpAnalyzer::~HttpAnalyzer() = default;
HttpAnalyzer::HttpAnalyzer(HttpAnalyzer&&) noexcept = default;

std::size_t HttpAnalyzer::memory_bytes() const {
  return line_.capacity() + decoded_[0].capacity() + decoded_[1].capacity() + undecoded_.capacity() +
         (codings_.size() + (reader_ ? 1 : 0)) * kDecoderStateBytes;
}

bool HttpAnalyzer::line_done() const {
  const std::string_view l = line_;
  if (l.empty() || l.back() != '\n') return false;
  // The header block ends at an empty line, its line ends LF or CRLF in any
  // mix ("\n\n", "\r\n\r\n", "\n\r\n").
  return state_ != State::headers || l.ends_with("\n\n") || l.ends_with("\n\r\n");
}

void HttpAnalyzer::feed(ByteSpan data, ContentSink& sink) {
  // Not a message start so far: each new segment may begin one (a capture
  // that started mid-message, a message after a hole).
  if (state_ == State::not_yet) {
    line_.clear();
    state_ = State::detect;
  }
  std::size_t i = 0;
  while (i < data.size() && state_ != State::stopped && state_ != State::not_yet) {
    switch (state_) {
      case State::detect: {
        const char c = static_cast<char>(data[i++]);
        if (line_.empty() && (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0'))
          break;  // blank lines (or NULs) before a message
        line_.push_back(c);
        const std::string_view l = line_;
        const bool prefix = std::any_of(kStarts.begin(), kStarts.end(), [&](std::string_view s) {
          return istarts_with(s, l.substr(0, std::min(s.size(), l.size())));
        });
        const bool whole = std::any_of(kStarts.begin(), kStarts.end(), [&](std::string_view s) { return istarts_with(l, s); });
        if (whole) {
          http_ = true;
          state_ = State::headers;
        } else if (!prefix && !http_ && !not_http_ && !exchange_->requests.empty()) {
          read_headerless_response(sink);  // bytes still in `data` follow as its body
        } else if (!prefix) {
          not_http_ = true;
          state_ = State::not_yet;
        }
        break;
      }
      case State::headers:
      case State::chunk_size:
      case State::trailers: {
        // Up to and including the next line end, in one piece.
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
            // Hex size, leading zeros allowed, then ;extensions. As browsers
            // read it (HTTP-Evader): blank lines before it are skipped and
            // what follows the hex digits is ignored.
            const std::string_view l = skip_controls(line_);
            if (l.empty()) {
              line_.clear();
              break;
            }
            std::uint64_t size = 0;
            auto [end, ec] = std::from_chars(l.data(), l.data() + l.size(), size, 16);
            if (ec != std::errc() && first_chunk_) {
              read_unchunked(sink);
              break;
            }
            if (ec != std::errc()) {
              stop(&stats_->bad_framing, sink);
              break;
            }
            first_chunk_ = false;
            line_.clear();
            remaining_ = size;
            state_ = size == 0 ? State::trailers : State::chunk_data;
          }
        }
        break;
      }
      case State::body:
      case State::chunk_data: {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, data.size() - i));
        body_bytes(data.subspan(i, n), sink);
        i += n;
        remaining_ -= n;
        if (remaining_ == 0) {
          if (state_ == State::body) end_message(sink);
          else state_ = State::chunk_data_end;
        }
        break;
      }
      case State::chunk_data_end:
        // The CRLF (or a bare LF) after a chunk's data.
        if (data[i] == '\r') {
          ++i;
        } else if (data[i] == '\n') {
          ++i;
          state_ = State::chunk_size;
        } else {
          stop(&stats_->bad_framing, sink);
        }
        break;
      case State::until_close:
        body_bytes(data.subspan(i), sink);
        i = data.size();
        break;
      case State::not_yet:
      case State::stopped: break;
    }
  }
}

void HttpAnalyzer::parse_headers(ContentSink& sink) {
  ++stats_->messages;
  const HeaderBlock block = read_header_block(line_);
  line_.clear();
  const std::string_view start = block.start_line;
  const bool response = istarts_with(start, "HTTP/");
  int status = 0;
  response_ = response;
  if (response) {
    const auto sp = start.find(' ');
    // Exactly three digits: "0204" or "2040" is no 204 (browsers read its body).
    if (sp != std::string_view::npos) {
      const std::string_view code = start.substr(sp + 1, start.find(' ', sp + 1) - sp - 1);
      if (code.size() != 3 || std::from_chars(code.data(), code.data() + 3, status).ptr != code.data() + 3) status = 0;
    }
    status_ = status;
    // A response belongs to the oldest request awaiting one (1xx are interim).
    context_ = {};
    if (!exchange_->requests.empty()) {
      context_ = exchange_->requests.front();
      if (status / 100 != 1) exchange_->requests.pop_front();
    }
  } else {
    const auto sp1 = start.find(' '), sp2 = start.rfind(' ');
    context_ = {};
    context_.http_method.assign(start.substr(0, sp1));
    if (sp1 != std::string_view::npos && sp2 > sp1) context_.http_uri.assign(start.substr(sp1 + 1, sp2 - sp1 - 1));
  }
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
    } else if (iequals(f.name, "host") && !response) {
      context_.http_host = f.value;
    }
  }
  if (!response) {
    if (exchange_->requests.size() >= limits_->max_pending_requests) {
      ++stats_->pending_overflows;
      exchange_->requests.pop_front();
    }
    exchange_->requests.push_back(context_);
  }
  const bool no_body = response && (status / 100 == 1 || status == 204 || status == 304 || context_.http_method == "HEAD");
  if (response && status / 100 == 2 && context_.http_method == "CONNECT") return stop(nullptr, sink);  // a tunnel
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
  } else if (response) {
    state_ = State::until_close;
  } else {
    state_ = State::headers;  // a request without a length has no body
    return;
  }
  start_body(codings, content_type, chunked);
  if (state_ == State::body && remaining_ == 0) end_message(sink);
}

// The body's first line is no chunk size: the Transfer-Encoding was one
// browsers ignore, and the body is read by its Content-Length, or (a
// response) to the close. The line read is the body's start.
void HttpAnalyzer::read_unchunked(ContentSink& sink) {
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
void HttpAnalyzer::read_headerless_response(ContentSink& sink) {
  http_ = true;
  response_ = true;
  status_ = 0;
  context_ = exchange_->requests.front();
  exchange_->requests.pop_front();
  const std::string start = std::move(line_);
  line_.clear();
  state_ = State::until_close;
  start_body("", "", false);
  body_bytes(as_bytes(start), sink);
}

// Sets up the decoders of a message's body: its content codings, then a
// multipart parser or a file decoder.
void HttpAnalyzer::start_body(const std::string& codings, const std::string& content_type, bool chunked) {
  reader_.reset();
  coding_names_.clear();
  std::string_view list = codings;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const std::string_view item = list.substr(0, comma);
    list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
    if (const char* name = content_coding(item)) {
      coding_names_.emplace_back(name);
    } else if (const std::string token = header_token(item); !token.empty() && token != "identity") {
      ++stats_->unknown_codings;
    }
  }
  build_codings();
  ++stats_->decoded_bodies;
  message_body_bytes_ = 0;
  undecoded_.clear();
  const std::string type = header_token(content_type);
  const std::string boundary = header_parameter(content_type, "boundary");
  if (type.rfind("multipart/", 0) == 0 && !boundary.empty()) {
    auto parser = std::make_unique<MimeParser>(*content_limits_, *content_stats_, context_, 0);
    parser->expect_multipart(boundary);
    reader_ = std::move(parser);
  } else {
    // A plain body is in the raw stream already, as it is.
    reader_ = std::make_unique<FileDecoder>(*content_limits_, *content_stats_, context_, 0, chunked || !codings_.empty());
  }
}

void HttpAnalyzer::body_bytes(ByteSpan bytes, ContentSink& sink) {
  if (!reader_ || bytes.empty()) return;
  if (body_total_ + bytes.size() > limits_->max_body_bytes) {
    if (!depth_reached_) {
      ++stats_->truncated;
      sink.truncated();
      depth_reached_ = true;
    }
    bytes = bytes.first(static_cast<std::size_t>(limits_->max_body_bytes - body_total_));
    if (bytes.empty()) return;
  }
  body_total_ += bytes.size();
  decode_body(bytes, sink);
}

void HttpAnalyzer::build_codings() {
  codings_.clear();
  for (const std::string& name : coding_names_) codings_.push_back(make_content_decoder(name, *content_limits_));
}

void HttpAnalyzer::decode_body(ByteSpan bytes, ContentSink& sink) {
  // Until the codings give output, the body is kept: a coding that fails
  // before giving anything was not applied (a header repeated or misnamed),
  // and the body is read again without it, as browsers read it.
  if (!codings_.empty() && message_body_bytes_ == 0 && undecoded_.size() < kUndecodedBytes)
    undecoded_.append(as_chars(bytes.first(std::min(bytes.size(), kUndecodedBytes - undecoded_.size()))));
  ByteSpan piece = bytes;
  int buffer = 0;
  for (std::size_t level = codings_.size(); level-- > 0;) {
    ContentDecoder& d = *codings_[level];
    const bool was_bad = d.failed() || d.bomb();
    d.write(piece, decoded_[buffer]);
    if (!was_bad && d.bomb()) {
      ++content_stats_->bombs;
      sink.truncated();
    } else if (!was_bad && d.failed()) {
      ++content_stats_->inflate_errors;
      if (message_body_bytes_ == 0 && decoded_[buffer].empty() && undecoded_.size() < kUndecodedBytes) {
        coding_names_.erase(coding_names_.begin() + static_cast<std::ptrdiff_t>(level));
        build_codings();
        const std::string body = std::move(undecoded_);
        undecoded_.clear();
        return decode_body(as_bytes(body), sink);
      }
    }
    piece = as_bytes(decoded_[buffer]);
    buffer ^= 1;
  }
  message_body_bytes_ += piece.size();
  if (message_body_bytes_ > 0) undecoded_.clear();
  reader_->write(piece, sink);
}

void HttpAnalyzer::end_body(ContentSink& sink) {
  if (reader_) {
    reader_->finish(sink);
    sink.message({response_, status_, &context_, message_body_bytes_});
  }
  reader_.reset();
  codings_.clear();
}

void HttpAnalyzer::end_message(ContentSink& sink) {
  end_body(sink);
  line_.clear();
  state_ = State::headers;
}

void HttpAnalyzer::stop(std::uint64_t* counter, ContentSink& sink) {
  if (counter) ++*counter;
  end_body(sink);
  line_.clear();
  state_ = State::stopped;
}

// Bytes were lost: what was being read ends there. A message may start
// right after the hole (a lost segment held a whole message): the analyzer
// looks for one, and stops if the bytes are not one.
void HttpAnalyzer::gap(ContentSink& sink) {
  if (state_ == State::stopped) return;
  if (state_ != State::detect && state_ != State::not_yet) ++stats_->gaps;
  end_body(sink);
  line_.clear();
  state_ = State::detect;
}

void HttpAnalyzer::close(ContentSink& sink) {
  if (state_ != State::stopped) stop(nullptr, sink);
}

}  // namespace dlp
