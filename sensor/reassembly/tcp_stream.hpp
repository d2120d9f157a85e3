#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "common/byte_span.hpp"
#include "common/counters.hpp"
#include "common/option_table.hpp"

namespace dlp {

struct ReassemblyConfig {
  std::size_t stream_max_held = 1u << 20;  // out-of-order bytes one direction may hold
  std::size_t stream_max_segments = 2048;  // out-of-order segments one direction may hold
  std::size_t memcap = 256u << 20;         // out-of-order bytes held by all streams together
  std::size_t recent_bytes = 512;          // delivered bytes kept to check retransmissions
};

OptionTable<ReassemblyConfig> reassembly_options();

struct ReassemblyStats {
  std::uint64_t segments = 0;
  std::uint64_t bytes_delivered = 0;
  std::uint64_t out_of_order = 0;
  std::uint64_t retransmissions = 0;
  std::uint64_t overlaps = 0;
  std::uint64_t overlaps_different = 0;
  std::uint64_t gaps = 0;
  std::uint64_t gap_bytes = 0;
  std::uint64_t out_of_window = 0;
  std::uint64_t stream_cap_hits = 0;
  std::uint64_t memcap_hits = 0;
  std::uint64_t held_bytes = 0;
  static constexpr Counter<ReassemblyStats> counters[] = {
      {"segments", &ReassemblyStats::segments, "TCP segments with data or FIN"},
      {"bytes_delivered", &ReassemblyStats::bytes_delivered, "stream bytes delivered in order"},
      {"out_of_order", &ReassemblyStats::out_of_order, "segments that had to wait for earlier bytes"},
      {"retransmissions", &ReassemblyStats::retransmissions, "segments whose bytes were all delivered already"},
      {"overlaps", &ReassemblyStats::overlaps, "segments overlapping data already received"},
      {"overlaps_different", &ReassemblyStats::overlaps_different, "... with different bytes (first data kept)"},
      {"gaps", &ReassemblyStats::gaps, "holes skipped because the data never came"},
      {"gap_bytes", &ReassemblyStats::gap_bytes, "bytes of the holes skipped"},
      {"out_of_window", &ReassemblyStats::out_of_window, "sequence numbers too far from the stream"},
      {"stream_cap_hits", &ReassemblyStats::stream_cap_hits, "a stream's out-of-order store was full"},
      {"memcap_hits", &ReassemblyStats::memcap_hits, "all streams' out-of-order stores were full"},
      {"held_bytes", &ReassemblyStats::held_bytes, "now held, all streams", MetricKind::gauge},
  };
};

// Shared by all streams of one worker: limits and counters.
struct ReassemblyContext {
  ReassemblyConfig config;
  ReassemblyStats stats;
};

// Receives a stream's bytes in order, exactly once. A gap says that `length`
// bytes were lost: what comes after must not be joined to what came before.
class StreamSink {
 public:
  virtual void on_data(ByteSpan data) = 0;
  virtual void on_gap(std::uint64_t length) = 0;

 protected:
  ~StreamSink() = default;
};

// One direction of a TCP connection. Segments may arrive in any order, be
// repeated or overlap; bytes are handed on as soon as they are in order (no
// waiting for ACKs, so one-sided captures work). Overlaps keep the first data
// received. Sequence numbers are mapped to 64-bit stream offsets, so
// wraparound needs no special case.
class TcpStream {
 public:
  explicit TcpStream(ReassemblyContext& ctx) : ctx_(&ctx) {}
  ~TcpStream();
  TcpStream(const TcpStream&) = delete;
  TcpStream& operator=(const TcpStream&) = delete;

  // The SYN fixes the initial sequence number; the first data byte is ISN+1.
  void on_syn(std::uint32_t seq);
  void on_segment(std::uint32_t seq, ByteSpan payload, bool fin, StreamSink& sink);
  // Gives up on missing data: everything held is delivered, holes as gaps.
  void flush(StreamSink& sink);

  bool finished() const { return fin_offset_ && next_offset_ >= *fin_offset_; }
  std::uint64_t delivered() const { return next_offset_; }
  std::size_t held_bytes() const { return held_bytes_; }
  // Held data with its map nodes, and the retransmission check ring.
  std::size_t memory_bytes() const { return held_bytes_ + held_.size() * 64 + recent_.capacity(); }

 private:
  void deliver(ByteSpan data, StreamSink& sink);
  void deliver_ready(StreamSink& sink);
  void hold(std::uint64_t start, ByteSpan data);
  void skip_first_hole(StreamSink& sink);
  bool differs_from_delivered(std::uint64_t start, ByteSpan data) const;

  ReassemblyContext* ctx_;
  bool initialized_ = false;
  std::uint32_t isn_ = 0;  // sequence number of stream offset 0
  std::uint64_t next_offset_ = 0;
  std::optional<std::uint64_t> fin_offset_;
  std::map<std::uint64_t, std::vector<std::uint8_t>> held_;
  std::size_t held_bytes_ = 0;
  std::vector<std::uint8_t> recent_;  // ring of the last delivered bytes, by offset
};

}  // namespace dlp
