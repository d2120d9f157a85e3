#include "app/http_analyzer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <optional>
#include <string_view>

#include "common/json_writer.hpp"

namespace dlp {

namespace {

constexpr std::array<std::string_view, 8> kStarts = {"GET ",    "POST ",  "PUT ",     "HEAD ",
                                                      "DELETE ", "PATCH ", "OPTIONS ", "HTTP/1."};

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// Whether a comma-separated header value lists `token` (any case).
bool lists(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    auto comma = value.find(',');
    if (iequals(trim(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

void HttpStats::write_json(JsonWriter& w) const {
  w.field("messages", messages).field("decoded_bodies", decoded_bodies).field("header_overflows", header_overflows);
  w.field("bad_framing", bad_framing).field("inflate_errors", inflate_errors).field("bombs", bombs);
  w.field("truncated", truncated).field("gaps", gaps);
}

bool HttpAnalyzer::line_done() const {
  const std::string_view l = line_;
  if (state_ == State::headers)
    return (l.size() >= 4 && l.substr(l.size() - 4) == "\r\n\r\n") || (l.size() >= 2 && l.substr(l.size() - 2) == "\n\n");
  return !l.empty() && l.back() == '\n';
}

void HttpAnalyzer::feed(ByteSpan data, HttpBodySink& sink) {
  std::size_t i = 0;
  while (i < data.size() && state_ != State::stopped) {
    switch (state_) {
      case State::detect: {
        line_.push_back(static_cast<char>(data[i++]));
        const bool prefix = std::any_of(kStarts.begin(), kStarts.end(), [&](std::string_view s) {
          return s.compare(0, std::min(s.size(), line_.size()), line_, 0, std::min(s.size(), line_.size())) == 0;
        });
        const bool whole = std::any_of(kStarts.begin(), kStarts.end(), [&](std::string_view s) { return line_.size() >= s.size() && line_.compare(0, s.size(), s) == 0; });
        if (!prefix) {
          state_ = State::stopped;  // not HTTP
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
            if (trim(line_).empty()) end_message(sink);
            line_.clear();
          } else {
            // Hex size, leading zeros allowed, then ;extensions.
            std::string_view l = trim(line_);
            l = l.substr(0, l.find(';'));
            l = trim(l);
            std::uint64_t size = 0;
            auto [end, ec] = std::from_chars(l.data(), l.data() + l.size(), size, 16);
            if (l.empty() || ec != std::errc() || end != l.data() + l.size()) {
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
      case State::stopped: break;
    }
  }
}

void HttpAnalyzer::parse_headers(HttpBodySink& sink) {
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
  if (response && start.size() >= 12) std::from_chars(start.data() + 9, start.data() + 12, status);
  std::optional<std::uint64_t> length;
  bool chunked = false, conflicting = false;
  std::string encoding;
  // Header lines; a line starting with a space or tab continues the last one (folding).
  std::string name, value;
  auto apply = [&]() {
    if (name.empty()) return;
    std::string_view v = trim(value);
    if (iequals(name, "content-length")) {
      std::uint64_t n = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec != std::errc() || end != v.data() + v.size() || (length && *length != n)) conflicting = true;
      length = n;
    } else if (iequals(name, "transfer-encoding")) {
      chunked = chunked || lists(v, "chunked");
    } else if (iequals(name, "content-encoding")) {
      encoding.assign(v);
    }
  };
  while (!rest.empty()) {
    std::string_view l = next_line();
    if (trim(l).empty()) break;
    if (l.front() == ' ' || l.front() == '\t') {
      value.append(" ").append(trim(l));
      continue;
    }
    apply();
    auto colon = l.find(':');
    name.assign(colon == std::string_view::npos ? std::string_view() : trim(l.substr(0, colon)));
    value.assign(colon == std::string_view::npos ? std::string_view() : l.substr(colon + 1));
  }
  apply();
  // Transfer-Encoding wins over Content-Length (RFC 9112 6.3); two different
  // lengths without it cannot be framed.
  if (conflicting && !chunked) return stop(&stats_->bad_framing, sink);
  const bool gzip = lists(encoding, "gzip") || lists(encoding, "x-gzip") || lists(encoding, "deflate");
  decoder_ = gzip ? std::make_unique<BodyDecoder>(limits_->inflate) : nullptr;
  forward_ = chunked || gzip;
  body_bytes_ = 0;
  const bool no_body = response && (status / 100 == 1 || status == 204 || status == 304);
  if (no_body) {
    state_ = State::headers;
  } else if (chunked) {
    state_ = State::chunk_size;
  } else if (length) {
    remaining_ = *length;
    state_ = State::body;
    if (remaining_ == 0) end_message(sink);
  } else if (response) {
    state_ = State::until_close;
  } else {
    state_ = State::headers;  // a request without a length has no body
  }
}

void HttpAnalyzer::body_bytes(ByteSpan bytes, HttpBodySink& sink) {
  if (!forward_ || bytes.empty()) return;
  if (body_bytes_ >= limits_->max_body_bytes) return;
  if (body_bytes_ + bytes.size() > limits_->max_body_bytes) {
    bytes = bytes.first(static_cast<std::size_t>(limits_->max_body_bytes - body_bytes_));
    ++stats_->truncated;
  }
  body_bytes_ += bytes.size();
  if (!decoder_) {
    sink.on_body(bytes);
    return;
  }
  const bool was_bad = decoder_->failed() || decoder_->bomb();
  decoder_->write(bytes, inflated_);
  if (!inflated_.empty()) sink.on_body(as_bytes(inflated_));
  if (!was_bad && decoder_->failed()) ++stats_->inflate_errors;
  if (!was_bad && decoder_->bomb()) ++stats_->bombs;
}

void HttpAnalyzer::end_message(HttpBodySink& sink) {
  if (forward_) {
    ++stats_->decoded_bodies;
    sink.on_body_end();
  }
  forward_ = false;
  decoder_.reset();
  line_.clear();
  state_ = State::headers;
}

void HttpAnalyzer::stop(std::uint64_t* counter, HttpBodySink& sink) {
  if (counter) ++*counter;
  if (forward_) sink.on_body_end();
  forward_ = false;
  decoder_.reset();
  line_.clear();
  state_ = State::stopped;
}

void HttpAnalyzer::gap(HttpBodySink& sink) {
  if (state_ == State::stopped || state_ == State::detect) {
    state_ = State::stopped;
    return;
  }
  stop(&stats_->gaps, sink);
}

void HttpAnalyzer::close(HttpBodySink& sink) {
  if (state_ == State::until_close || forward_) stop(nullptr, sink);
}

}  // namespace dlp
