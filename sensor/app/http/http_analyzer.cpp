#include "app/http/http_analyzer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <optional>
#include <string_view>

#include "app/file/file_decoder.hpp"
#include "app/mime/mime_header.hpp"
#include "app/mime/mime_parser.hpp"
#include "common/ascii.hpp"
#include "common/json_writer.hpp"

namespace dlp {

namespace {

constexpr std::array<std::string_view, 8> kStarts = {"GET ",    "POST ",  "PUT ",     "HEAD ",
                                                      "DELETE ", "PATCH ", "OPTIONS ", "HTTP/1."};

// Whether a comma-separated header value lists `token` (any case).
bool lists(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    auto comma = value.find(',');
    if (iequals(trim_blanks(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
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
  if (state_ == State::headers)
    return (l.size() >= 4 && l.substr(l.size() - 4) == "\r\n\r\n") || (l.size() >= 2 && l.substr(l.size() - 2) == "\n\n");
  return !l.empty() && l.back() == '\n';
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
        line_.push_back(static_cast<char>(data[i++]));
        const bool prefix = std::any_of(kStarts.begin(), kStarts.end(), [&](std::string_view s) {
          return s.compare(0, std::min(s.size(), line_.size()), line_, 0, std::min(s.size(), line_.size())) == 0;
        });
        const bool whole = std::any_of(kStarts.begin(), kStarts.end(), [&](std::string_view s) { return line_.size() >= s.size() && line_.compare(0, s.size(), s) == 0; });
        if (!prefix) {
          state_ = State::not_yet;
        } else if (whole) {
          http_ = true;
          state_ = State::headers;
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
            const std::string_view l = trim_blanks(line_);
            if (l.empty()) {
              line_.clear();
              break;
            }
            std::uint64_t size = 0;
            auto [end, ec] = std::from_chars(l.data(), l.data() + l.size(), size, 16);
            if (ec != std::errc()) {
              stop(&stats_->bad_framing, sink);
              break;
            }
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
  const std::string block = std::move(line_);
  line_.clear();
  std::string_view rest = block;
  // The next line, without its line end (leading blanks kept: they mark folding).
  auto next_line = [&]() {
    auto nl = rest.find('\n');
    std::string_view l = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    return l;
  };
  const std::string_view start = next_line();
  const bool response = start.rfind("HTTP/", 0) == 0;
  int status = 0;
  response_ = response;
  if (response) {
    if (start.size() >= 12) std::from_chars(start.data() + 9, start.data() + 12, status);
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
  std::optional<std::uint64_t> length;
  bool chunked = false, conflicting = false;
  std::string codings, content_type;
  // Header lines; a line starting with a space or tab continues the last one (folding).
  std::string name, value;
  auto apply = [&]() {
    if (name.empty()) return;
    std::string_view v = trim_blanks(value);
    if (iequals(name, "content-length")) {
      std::uint64_t n = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec != std::errc() || end != v.data() + v.size() || (length && *length != n)) conflicting = true;
      length = n;
    } else if (iequals(name, "transfer-encoding")) {
      chunked = chunked || lists(v, "chunked");
    } else if (iequals(name, "content-encoding")) {
      codings.append(codings.empty() ? "" : ",").append(v);  // repeated headers are one list
    } else if (iequals(name, "content-type")) {
      content_type.assign(v);
    } else if (iequals(name, "content-disposition")) {
      context_.filename = header_parameter(v, "filename");  // a download's (or a PUT's) file name
    } else if (iequals(name, "host") && !response) {
      context_.http_host.assign(v);
    }
  };
  while (!rest.empty()) {
    std::string_view l = next_line();
    if (l.empty()) break;
    if (l.front() == ' ' || l.front() == '\t') {  // folded, even when only blanks
      value.append(" ").append(trim_blanks(l));
      continue;
    }
    apply();
    auto colon = l.find(':');
    name.assign(colon == std::string_view::npos ? std::string_view() : trim_blanks(l.substr(0, colon)));
    value.assign(colon == std::string_view::npos ? std::string_view() : l.substr(colon + 1));
  }
  apply();
  if (!response) {
    if (exchange_->requests.size() >= limits_->max_pending_requests) {
      ++stats_->pending_overflows;
      exchange_->requests.pop_front();
    }
    exchange_->requests.push_back(context_);
  }
  // An HTTP/1.0 message has no transfer coding (browsers ignore one).
  if (start.rfind("HTTP/1.0", 0) == 0 || (!response && start.size() >= 8 && start.substr(start.size() - 8) == "HTTP/1.0"))
    chunked = false;
  // Transfer-Encoding wins over Content-Length (RFC 9112 6.3); two different
  // lengths without it cannot be framed.
  if (conflicting && !chunked) return stop(&stats_->bad_framing, sink);
  const bool no_body = response && (status / 100 == 1 || status == 204 || status == 304 || context_.http_method == "HEAD");
  if (response && status / 100 == 2 && context_.http_method == "CONNECT") return stop(nullptr, sink);  // a tunnel
  if (no_body) {
    state_ = State::headers;
    return;
  }
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
  start_body(codings, content_type, chunked, sink);
  if (state_ == State::body && remaining_ == 0) end_message(sink);
}

// Sets up the decoders of a message's body: its content codings, then a
// multipart parser or a file decoder.
void HttpAnalyzer::start_body(const std::string& codings, const std::string& content_type, bool chunked,
                              ContentSink& sink) {
  codings_.clear();
  reader_.reset();
  std::string_view list = codings;
  while (!list.empty()) {
    const auto comma = list.find(',');
    std::string coding = header_token(list.substr(0, comma));
    list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
    if (coding.empty() || coding == "identity") continue;
    auto decoder = make_content_decoder(coding, *content_limits_);
    if (!decoder) {
      ++stats_->unknown_codings;
      codings_.clear();
      sink.truncated();
      return;  // the body is left to the raw scan
    }
    codings_.push_back(std::move(decoder));
  }
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
  // Until the codings give output, the body is kept: a body that is not
  // encoded as it says is read as it is (as browsers do).
  if (!codings_.empty() && message_body_bytes_ == 0 && undecoded_.size() < kUndecodedBytes)
    undecoded_.append(as_chars(bytes.first(std::min(bytes.size(), kUndecodedBytes - undecoded_.size()))));
  ByteSpan piece = bytes;
  int buffer = 0;
  for (auto it = codings_.rbegin(); it != codings_.rend(); ++it) {
    ContentDecoder& d = **it;
    const bool was_bad = d.failed() || d.bomb();
    d.write(piece, decoded_[buffer]);
    if (!was_bad && d.bomb()) {
      ++content_stats_->bombs;
      sink.truncated();
    } else if (!was_bad && d.failed()) {
      ++content_stats_->inflate_errors;
      if (message_body_bytes_ == 0 && decoded_[buffer].empty() && undecoded_.size() < kUndecodedBytes) {
        codings_.clear();
        const std::string body = std::move(undecoded_);
        undecoded_.clear();
        message_body_bytes_ += body.size();
        return reader_->write(as_bytes(body), sink);
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
