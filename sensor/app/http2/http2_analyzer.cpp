#include "app/http2/http2_analyzer.hpp"

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <utility>

#include "app/app_config.hpp"
#include "common/wire_reader.hpp"

namespace dlp {

namespace {
constexpr std::size_t kMaxStreams = 256;                  // streams remembered at once
constexpr std::size_t kMaxPendingBytes = 4 << 20;         // DATA held for streams waiting their turn
constexpr std::uint32_t kMaxHeaderTableBytes = 64 << 10;  // an HPACK dynamic table a peer may ask for
constexpr std::uint16_t kHeaderTableSize = 0x1;           // SETTINGS_HEADER_TABLE_SIZE

std::string_view text(const std::uint8_t* p, std::size_t n) { return {reinterpret_cast<const char*>(p), n}; }
}  // namespace

void Http2Analyzer::FreeInflater::operator()(nghttp2_hd_inflater* p) const { nghttp2_hd_inflate_del(p); }

Http2Analyzer::Http2Analyzer(const HttpLimits& limits, const ContentLimits& content_limits, HttpStats& http_stats,
                             ContentStats& content_stats, Http2Stats& stats)
    : limits_(limits), http_stats_(http_stats), stats_(stats), readers_{Http2FrameReader(0, limits.max_header_bytes),
                                                                        Http2FrameReader(1, limits.max_header_bytes)},
      bodies_{HttpBody(limits, content_limits, http_stats, content_stats),
              HttpBody(limits, content_limits, http_stats, content_stats)} {
  for (auto& inflater : inflaters_) {
    nghttp2_hd_inflater* made = nullptr;
    nghttp2_hd_inflate_new(&made);
    inflater.reset(made);
  }
}

Http2Analyzer::~Http2Analyzer() = default;

std::unique_ptr<Analyzer> Http2Analyzer::create(const AnalyzerEnv& env) {
  return std::make_unique<Http2Analyzer>(env.config.http, env.config.content, env.stats.http, env.stats.content,
                                         env.stats.http2);
}

bool Http2Analyzer::preface(std::string_view head) {
  const std::string_view p = Http2FrameReader::kPreface;
  return !head.empty() && p.substr(0, std::min(p.size(), head.size())) == head.substr(0, p.size());
}

void Http2Analyzer::deliver(int dir, ByteSpan data, ContentSink& sink) {
  if (broken_[dir] || (dir == 1 && !claimed_)) return;
  sink_ = &sink;
  const bool reading = readers_[dir].feed(data, *this);
  if (dir == 0 && !claimed_ && readers_[0].past_preface()) {
    claimed_ = true;
    ++stats_.connections;
  }
  if (!reading) stop(dir);
}

void Http2Analyzer::stop(int dir) {
  if (broken_[dir]) return;
  broken_[dir] = true;
  readers_[dir].stop();
  ++stats_.broken;
  if (current_[dir] != 0) finish_body(dir);
}

void Http2Analyzer::undelivered(int dir, ContentSink& sink) {
  sink_ = &sink;
  stop(dir);
}

void Http2Analyzer::end_of_stream(int dir, ContentSink& sink) {
  sink_ = &sink;
  while (current_[dir] != 0) finish_body(dir);  // each body held, in turn
}

void Http2Analyzer::frame(int dir, const Http2FrameHeader& f, ByteSpan payload) {
  switch (f.type) {
    case h2::headers:
    case h2::push_promise: return start_block(dir, f, payload);
    case h2::continuation:
      if (blocks_[dir].stream != f.stream) return stop(dir);  // RFC 9113 §6.10
      if (blocks_[dir].bytes.size() + payload.size() > limits_.max_header_bytes) return stop(dir);
      blocks_[dir].bytes.append(as_chars(payload));
      if (f.flags & h2::end_headers) header_block(dir);
      return;
    case h2::settings: return settings(dir, payload);
    default: return;  // PRIORITY, RST_STREAM, PING, GOAWAY, WINDOW_UPDATE carry nothing to read
  }
}

// HEADERS (RFC 9113 §6.2) and PUSH_PROMISE (§6.6): padding, priority or the
// promised stream, then the first piece of the header block.
void Http2Analyzer::start_block(int dir, const Http2FrameHeader& f, ByteSpan payload) {
  WireReader r(payload);
  const std::size_t pad = (f.flags & h2::padded) ? r.be(1) : 0;
  Block& b = blocks_[dir];
  b.promise = f.type == h2::push_promise;
  b.stream = b.promise ? static_cast<std::uint32_t>(r.be(4) & 0x7fffffff) : f.stream;
  if (!b.promise && (f.flags & h2::priority)) r.skip(5);
  b.end_stream = !b.promise && (f.flags & h2::end_stream);
  if (!r.ok() || pad > r.left()) return stop(dir);
  b.bytes.assign(as_chars(r.bytes(r.left() - pad)));
  if (f.flags & h2::end_headers) header_block(dir);
}

// The peer's header table size bounds what the other side's encoder uses (RFC 7541 §4.2).
void Http2Analyzer::settings(int dir, ByteSpan payload) {
  WireReader r(payload);
  while (r.left() >= 6) {
    const auto id = static_cast<std::uint16_t>(r.be(2));
    const auto value = static_cast<std::uint32_t>(r.be(4));
    if (id == kHeaderTableSize)
      nghttp2_hd_inflate_change_table_size(inflaters_[1 - dir].get(), std::min(value, kMaxHeaderTableBytes));
  }
}

void Http2Analyzer::header_block(int dir) {
  Block& b = blocks_[dir];
  Stream& s = stream(b.stream);
  const bool request = dir == 0 || b.promise;
  if (!inflate(dir, s, request)) return stop(dir);
  if (dir == 0 && !s.in_trail) {  // a request the client sent (not one the server pushed)
    s.in_trail = true;
    trail_.add_request(s.context.http_uri);
  }
  ++stats_.header_blocks;
  ++http_stats_.messages;
  if (current_[dir] == 0) {
    context_[dir] = s.context;  // what the frames that follow belong to
    // The raw bytes are frames and HPACK: a request's path is scanned as a piece of its own.
    if (request && !s.context.http_uri.empty()) {
      sink_->begin(context_[dir]);
      sink_->data(as_bytes(s.context.http_uri));
      sink_->end();
    }
  }
  std::string().swap(b.bytes);
  if (b.end_stream) stream_ended(dir, b.stream);
}

bool Http2Analyzer::inflate(int dir, Stream& s, bool request) {
  const int side = request ? 0 : 1;
  const auto* in = reinterpret_cast<const std::uint8_t*>(blocks_[dir].bytes.data());
  std::size_t left = blocks_[dir].bytes.size();
  for (;;) {
    nghttp2_nv nv;
    int flags = 0;
    const auto used = nghttp2_hd_inflate_hd2(inflaters_[dir].get(), &nv, &flags, in, left, 1);
    if (used < 0) return false;
    in += used;
    left -= static_cast<std::size_t>(used);
    if (flags & NGHTTP2_HD_INFLATE_EMIT) {
      const std::string_view name = text(nv.name, nv.namelen), value = text(nv.value, nv.valuelen);
      if (request && name == ":method") s.context.http_method = value;
      if (request && name == ":authority") s.context.http_host = value;
      if (request && name == ":path") s.context.http_uri = value;
      if (dir == 0 && name == "user-agent") trail_.note_user_agent(value);
      if (!request && name == ":status" && !value.empty()) s.status = std::atoi(std::string(value).c_str());
      if (name == "content-encoding") s.codings[side] = value;
      if (name == "content-type") s.content_type[side] = value;
    }
    if (flags & NGHTTP2_HD_INFLATE_FINAL) {
      nghttp2_hd_inflate_end_headers(inflaters_[dir].get());
      return true;
    }
    if (left == 0 && !(flags & NGHTTP2_HD_INFLATE_EMIT)) return false;
  }
}

Http2Analyzer::Stream& Http2Analyzer::stream(std::uint32_t id) {
  auto it = streams_.find(id);
  if (it != streams_.end()) return it->second;
  // The oldest stream no body is being decoded of is forgotten.
  for (auto old = streams_.begin(); streams_.size() >= kMaxStreams && old != streams_.end();) {
    if (old->first == current_[0] || old->first == current_[1]) {
      ++old;
      continue;
    }
    pending_bytes_ -= old->second.pending[0].size() + old->second.pending[1].size();
    old = streams_.erase(old);
    ++stats_.stream_evictions;
  }
  ++stats_.streams;
  return streams_[id];
}

void Http2Analyzer::data(int dir, const Http2FrameHeader& f, ByteSpan piece, bool last) {
  if (current_[dir] == 0) begin_body(dir, f.stream);
  if (current_[dir] == f.stream) {
    bodies_[dir].write(piece, *sink_);
  } else if (pending_bytes_ + piece.size() <= kMaxPendingBytes) {
    stream(f.stream).pending[dir].append(as_chars(piece));
    pending_bytes_ += piece.size();
  } else {
    ++stats_.pending_overflows;
  }
  if (last && (f.flags & h2::end_stream)) stream_ended(dir, f.stream);
}

void Http2Analyzer::stream_ended(int dir, std::uint32_t id) {
  stream(id).ended[dir] = true;
  if (current_[dir] == id) finish_body(dir);
}

void Http2Analyzer::begin_body(int dir, std::uint32_t id) {
  Stream& s = stream(id);
  current_[dir] = id;
  context_[dir] = s.context;
  // Not contiguous in the stream the raw scan reads: every body is decoded as a piece.
  bodies_[dir].start(s.codings[dir], s.content_type[dir], true, context_[dir]);
  if (!s.pending[dir].empty()) {
    const std::string held = std::exchange(s.pending[dir], {});
    pending_bytes_ -= held.size();
    bodies_[dir].write(as_bytes(held), *sink_);
  }
}

// The current body ends; the next stream with DATA waiting takes its turn.
void Http2Analyzer::finish_body(int dir) {
  Stream& s = stream(current_[dir]);
  bodies_[dir].end(dir == 1, s.status, context_[dir], *sink_);
  const std::uint32_t done = current_[dir];
  current_[dir] = 0;
  if (s.ended[0] && s.ended[1]) streams_.erase(done);
  const auto next =
      std::find_if(streams_.begin(), streams_.end(), [&](const auto& e) { return !e.second.pending[dir].empty(); });
  if (next == streams_.end()) return;
  const std::uint32_t id = next->first;
  begin_body(dir, id);
  if (stream(id).ended[dir]) finish_body(dir);
}

std::size_t Http2Analyzer::memory_bytes() const {
  constexpr std::size_t kInflaterBytes = 8 << 10;  // its state and a 4 KiB dynamic table
  std::size_t bytes = sizeof(*this) + 2 * kInflaterBytes + pending_bytes_ + streams_.size() * sizeof(Stream);
  for (int d = 0; d < 2; ++d)
    bytes += readers_[d].memory_bytes() + blocks_[d].bytes.capacity() + bodies_[d].memory_bytes();
  return bytes + trail_.memory_bytes();
}

}  // namespace dlp
