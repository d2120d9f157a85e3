#include "icap/icap_parser.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstring>

#include "common/ascii.hpp"

namespace dlp {

namespace {

constexpr std::size_t kMaxChunkLine = 1024;
constexpr std::uint64_t kMaxChunk = 1ull << 40;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "icap://host:port/service?args" -> "service"
std::string service_of(std::string_view uri) {
  if (auto scheme = uri.find("://"); scheme != std::string_view::npos) {
    uri.remove_prefix(scheme + 3);
    const auto slash = uri.find('/');
    uri = slash == std::string_view::npos ? std::string_view{} : uri.substr(slash);
  }
  if (!uri.empty() && uri.front() == '/') uri.remove_prefix(1);
  return std::string(uri.substr(0, uri.find('?')));
}

bool parse_number(std::string_view text, std::uint64_t& out, int base = 10) {
  text = trim(text);
  const auto r = std::from_chars(text.data(), text.data() + text.size(), out, base);
  return !text.empty() && r.ec == std::errc{} && r.ptr == text.data() + text.size();
}

}  // namespace

std::string_view IcapRequest::field(std::string_view name) const {
  for (const auto& f : fields)
    if (iequals(f.name, name)) return f.value;
  return {};
}

void IcapParser::fail(std::string why, int status) {
  state_ = State::failed;
  error_ = std::move(why);
  error_status_ = status;
}

bool IcapParser::take_line(ByteSpan& in) {
  const auto* lf = static_cast<const std::uint8_t*>(std::memchr(in.data(), '\n', in.size()));
  const std::size_t n = lf ? static_cast<std::size_t>(lf - in.data()) : in.size();
  line_.append(as_chars(in.first(n)));
  in = in.subspan(lf ? n + 1 : n);
  if (line_.size() > kMaxChunkLine) fail(fmt::format("a chunk line over {} bytes", kMaxChunkLine));
  if (!lf) return false;
  if (!line_.empty() && line_.back() == '\r') line_.pop_back();
  return true;
}

std::size_t IcapParser::feed(ByteSpan data, IcapEvents& events) {
  ByteSpan in = data;
  for (bool more = true; more;) {
    switch (state_) {
      case State::head: more = read_head(in, events); break;
      case State::encapsulated: more = read_encapsulated(in, events); break;
      case State::chunk_size: more = read_chunk_size(in); break;
      case State::chunk_data: more = read_chunk_data(in, events); break;
      case State::chunk_end: more = read_chunk_end(in); break;
      case State::trailer: more = read_trailer(in, events); break;
      case State::preview_wait:
      case State::failed: more = false; break;
    }
  }
  return data.size() - in.size();
}

bool IcapParser::read_head(ByteSpan& in, IcapEvents& events) {
  // Line ends between requests (a client's stray CRLF) are not a request.
  while (buffer_.empty() && !in.empty() && (in[0] == '\r' || in[0] == '\n')) in = in.subspan(1);
  if (in.empty()) return false;
  const std::size_t old = buffer_.size();
  const std::size_t take = std::min(in.size(), limits_.max_head_bytes + 4 - old);
  buffer_.append(as_chars(in.first(take)));
  const auto end = buffer_.find("\r\n\r\n", old >= 3 ? old - 3 : 0);
  if (end == std::string::npos) {
    in = in.subspan(take);
    if (buffer_.size() > limits_.max_head_bytes)
      fail(fmt::format("an ICAP head over {} bytes", limits_.max_head_bytes));
    return false;
  }
  in = in.subspan(end + 4 - old);
  const std::string head = buffer_.substr(0, end + 2);
  buffer_.clear();
  if (!parse_head(head)) return false;
  state_ = State::encapsulated;
  return read_encapsulated(in, events);
}

bool IcapParser::parse_head(std::string_view head) {
  request_ = IcapRequest{};
  HeaderBlock block = read_header_block(head);
  const std::string_view line = block.start_line;
  const auto sp1 = line.find(' '), sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return fail("no ICAP request line"), false;
  const std::string_view method = line.substr(0, sp1), version = line.substr(sp2 + 1);
  if (version != "ICAP/1.0") return fail(fmt::format("version {:.16}", version), 505), false;
  if (method == "OPTIONS")
    request_.method = IcapMethod::options;
  else if (method == "REQMOD")
    request_.method = IcapMethod::reqmod;
  else if (method == "RESPMOD")
    request_.method = IcapMethod::respmod;
  else
    return fail(fmt::format("method {:.16}", method), 501), false;
  request_.uri = line.substr(sp1 + 1, sp2 - sp1 - 1);
  request_.service = service_of(request_.uri);
  request_.fields = std::move(block.fields);
  const std::string_view allow = request_.field("Allow");
  request_.allow_204 = allow.find("204") != std::string_view::npos;
  if (const auto preview = request_.field("Preview"); !preview.empty()) {
    std::uint64_t n = 0;
    if (!parse_number(preview, n)) return fail("a Preview that is not a number"), false;
    request_.preview = n;
  }
  return parse_encapsulated(request_.field("Encapsulated"));
}

// "req-hdr=0, req-body=412": each section's offset into the encapsulated
// part, rising, the body (or null-body) last.
bool IcapParser::parse_encapsulated(std::string_view value) {
  request_head_bytes_ = response_head_bytes_ = 0;
  std::size_t* open = nullptr;  // the head section whose length the next offset gives
  std::uint64_t last = 0;
  bool first = true, body_seen = false;
  while (!trim(value).empty()) {
    const auto comma = value.find(',');
    const std::string_view item = trim(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
    const auto eq = item.find('=');
    std::uint64_t offset = 0;
    if (eq == std::string_view::npos || !parse_number(item.substr(eq + 1), offset))
      return fail("an Encapsulated entry without an offset"), false;
    if (body_seen || offset < last || (first && offset != 0)) return fail("Encapsulated offsets out of order"), false;
    first = false;
    if (open) *open = offset - last;
    if (open && *open > limits_.max_head_bytes) return fail("an encapsulated HTTP head too long"), false;
    last = offset;
    const std::string_view name = item.substr(0, eq);
    open = name == "req-hdr" ? &request_head_bytes_ : name == "res-hdr" ? &response_head_bytes_ : nullptr;
    body_seen = !open;
    if (!open && name != "req-body" && name != "res-body" && name != "null-body" && name != "opt-body")
      return fail(fmt::format("Encapsulated entry {:.16}", name)), false;
    request_.has_body = name == "req-body" || name == "res-body";
  }
  if (open) return fail("Encapsulated without a body entry"), false;
  if (request_.method != IcapMethod::options && !body_seen) return fail("no Encapsulated field"), false;
  return true;
}

bool IcapParser::read_encapsulated(ByteSpan& in, IcapEvents& events) {
  const std::size_t want = request_head_bytes_ + response_head_bytes_;
  const std::size_t take = std::min(in.size(), want - buffer_.size());
  buffer_.append(as_chars(in.first(take)));
  in = in.subspan(take);
  if (buffer_.size() < want) return false;
  request_.request_head = buffer_.substr(0, request_head_bytes_);
  request_.response_head = buffer_.substr(request_head_bytes_);
  buffer_.clear();
  in_preview_ = request_.preview.has_value();
  preview_seen_ = 0;
  ieof_ = false;
  events.head(request_);
  if (!request_.has_body) {
    finish(events);
    return true;
  }
  state_ = State::chunk_size;
  return true;
}

bool IcapParser::read_chunk_size(ByteSpan& in) {
  if (!take_line(in)) return false;
  const std::string_view line = line_;
  const auto semicolon = line.find(';');
  std::uint64_t size = 0;
  if (!parse_number(line.substr(0, semicolon), size, 16) || size > kMaxChunk)
    return fail(fmt::format("chunk size {:.20}", line)), false;
  if (size == 0 && semicolon != std::string_view::npos) ieof_ = trim(line.substr(semicolon + 1)) == "ieof";
  line_.clear();
  if (in_preview_ && (preview_seen_ += size) > *request_.preview)
    return fail("a preview longer than its Preview field"), false;
  chunk_left_ = size;
  state_ = size == 0 ? State::trailer : State::chunk_data;
  return true;
}

bool IcapParser::read_chunk_data(ByteSpan& in, IcapEvents& events) {
  const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_left_, in.size()));
  if (n == 0) return false;
  events.body(in.first(n));
  in = in.subspan(n);
  chunk_left_ -= n;
  if (chunk_left_ == 0) state_ = State::chunk_end;
  return true;
}

bool IcapParser::read_chunk_end(ByteSpan& in) {
  if (!take_line(in)) return false;
  if (!line_.empty()) return fail("chunk data longer than its size"), false;
  state_ = State::chunk_size;
  return true;
}

bool IcapParser::read_trailer(ByteSpan& in, IcapEvents& events) {
  if (!take_line(in)) return false;
  const bool blank = line_.empty();
  line_.clear();
  if (!blank) return true;  // a trailer field, ignored
  if (in_preview_ && !ieof_) {
    state_ = State::preview_wait;
    events.preview_end();
    return state_ != State::preview_wait;  // answered within the call: go on
  }
  finish(events);
  return true;
}

void IcapParser::finish(IcapEvents& events) {
  state_ = State::head;
  events.end();
}

void IcapParser::resume() {
  if (state_ != State::preview_wait) return;
  in_preview_ = false;
  state_ = State::chunk_size;
}

void IcapParser::answered() {
  if (state_ == State::preview_wait) state_ = State::head;
}

}  // namespace dlp
