#include "reassembly/tcp_stream.hpp"

#include <algorithm>
#include <cstring>

#include "common/byte_ring.hpp"
#include "common/json_writer.hpp"

namespace dlp {

namespace {
// Segments further than this from the next expected byte are not part of
// this stream (or are an attack on it).
constexpr std::int64_t kMaxWindow = std::int64_t{1} << 30;
}  // namespace

TcpStream::~TcpStream() { ctx_->stats.held_bytes -= held_bytes_; }

void TcpStream::on_syn(std::uint32_t seq) {
  if (initialized_) return;
  initialized_ = true;
  isn_ = seq + 1;
}

bool TcpStream::differs_from_delivered(std::uint64_t start, ByteSpan data) const {
  if (recent_.empty()) return false;
  std::uint64_t ring = recent_.size();
  std::uint64_t kept_from = next_offset_ > ring ? next_offset_ - ring : 0;
  for (std::uint64_t off = std::max(start, kept_from); off < start + data.size() && off < next_offset_; ++off)
    if (recent_[off % ring] != data[off - start]) return true;
  return false;
}

void TcpStream::deliver(ByteSpan data, StreamSink& sink) {
  if (data.empty()) return;
  if (recent_.empty() && ctx_->config.recent_bytes) recent_.resize(ctx_->config.recent_bytes);
  write_ring(recent_, next_offset_, data);
  next_offset_ += data.size();
  ctx_->stats.bytes_delivered += data.size();
  sink.on_data(data);
}

void TcpStream::deliver_ready(StreamSink& sink) {
  while (!held_.empty() && held_.begin()->first <= next_offset_) {
    auto node = held_.extract(held_.begin());
    held_bytes_ -= node.mapped().size();
    ctx_->stats.held_bytes -= node.mapped().size();
    // Held pieces never overlap each other, and start at or after the next
    // offset, so this delivers the whole piece.
    deliver(ByteSpan(node.mapped()), sink);
  }
}

// Stores the parts of [start, start+size) that no held segment covers yet;
// where one does, the held (earlier) bytes win.
void TcpStream::hold(std::uint64_t start, ByteSpan data) {
  std::uint64_t end = start + data.size();
  std::uint64_t pos = start;
  bool overlapped = false, different = false;
  auto it = held_.upper_bound(start);
  if (it != held_.begin() && std::prev(it)->first + std::prev(it)->second.size() > start) --it;
  auto store = [&](std::uint64_t from, std::uint64_t to) {
    held_.emplace_hint(it, from, std::vector<std::uint8_t>(&data[from - start], &data[to - start]));
    held_bytes_ += to - from;
    ctx_->stats.held_bytes += to - from;
  };
  for (; it != held_.end() && it->first < end; ++it) {
    std::uint64_t hs = it->first, he = hs + it->second.size();
    if (hs > pos) store(pos, hs);
    std::uint64_t os = std::max(hs, pos), oe = std::min(he, end);
    if (os < oe) {
      overlapped = true;
      if (std::memcmp(&it->second[os - hs], &data[os - start], oe - os) != 0) different = true;
    }
    pos = std::max(pos, he);
  }
  if (pos < end) store(pos, end);
  ctx_->stats.overlaps += overlapped;
  ctx_->stats.overlaps_different += different;
}

void TcpStream::skip_first_hole(StreamSink& sink) {
  std::uint64_t next_data = held_.begin()->first;
  if (next_data > next_offset_) {
    ++ctx_->stats.gaps;
    ctx_->stats.gap_bytes += next_data - next_offset_;
    sink.on_gap(next_data - next_offset_);
    next_offset_ = next_data;
  }
  deliver_ready(sink);
}

void TcpStream::on_segment(std::uint32_t seq, ByteSpan payload, bool fin, StreamSink& sink) {
  if (!initialized_) {
    if (payload.empty() && !fin) return;
    initialized_ = true;  // midstream pickup: the first data seen starts the stream
    isn_ = seq;
  }
  ++ctx_->stats.segments;
  auto expected = static_cast<std::uint32_t>(isn_ + next_offset_);
  std::int64_t rel = static_cast<std::int32_t>(seq - expected);
  if (rel > kMaxWindow || -rel > kMaxWindow) {
    ++ctx_->stats.out_of_window;
    return;
  }
  std::int64_t start = static_cast<std::int64_t>(next_offset_) + rel;
  std::int64_t end = start + static_cast<std::int64_t>(payload.size());
  if (fin && !fin_offset_ && end >= 0) fin_offset_ = static_cast<std::uint64_t>(end);
  if (payload.empty()) return;

  if (end <= static_cast<std::int64_t>(next_offset_)) {
    ++ctx_->stats.retransmissions;
    if (start >= 0 && differs_from_delivered(static_cast<std::uint64_t>(start), payload)) {
      ++ctx_->stats.overlaps;
      ++ctx_->stats.overlaps_different;
    }
    return;
  }
  if (start < static_cast<std::int64_t>(next_offset_)) {
    // Partly old: compare what we still remember, keep the new tail.
    std::size_t old = static_cast<std::size_t>(static_cast<std::int64_t>(next_offset_) - start);
    ++ctx_->stats.overlaps;
    if (start >= 0 && differs_from_delivered(static_cast<std::uint64_t>(start), payload.first(old)))
      ++ctx_->stats.overlaps_different;
    payload = payload.subspan(old);
    start = static_cast<std::int64_t>(next_offset_);
  }

  auto ustart = static_cast<std::uint64_t>(start);
  if (ustart == next_offset_ && held_.empty()) {
    deliver(payload, sink);
    return;
  }
  if (ustart > next_offset_) ++ctx_->stats.out_of_order;
  hold(ustart, payload);
  deliver_ready(sink);

  const auto& cfg = ctx_->config;
  while (!held_.empty() && (held_bytes_ > cfg.stream_max_held || held_.size() > cfg.stream_max_segments ||
                            ctx_->stats.held_bytes > cfg.memcap)) {
    ++(ctx_->stats.held_bytes > cfg.memcap ? ctx_->stats.memcap_hits : ctx_->stats.stream_cap_hits);
    skip_first_hole(sink);
  }
}

void TcpStream::flush(StreamSink& sink) {
  while (!held_.empty()) skip_first_hole(sink);
}

OptionTable<ReassemblyConfig> reassembly_options() {
  using C = ReassemblyConfig;
  return {
      option::integer("reassembly-memcap", "MIB", &C::memcap, 1, 1 << 20, 1 << 20,
                      "out-of-order TCP data held by all streams"),
      option::integer("stream-max-held", "KIB", &C::stream_max_held, 1, 1 << 20, 1 << 10,
                      "out-of-order TCP data one stream direction may hold before it skips a hole"),
  };
}

}  // namespace dlp
