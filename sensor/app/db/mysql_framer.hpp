#pragma once
#include <cstdint>
#include <vector>

#include "common/byte_span.hpp"

namespace dlp {

// Cuts one direction of a MySQL connection into packets: a 3-byte
// little-endian length and a sequence number, then the payload; a payload
// of 2^24-1 bytes continues in the next packet. At most `max_payload` bytes
// of a payload are held; the rest is skipped, and the callback is told the
// whole length.
class MysqlFramer {
 public:
  static constexpr std::uint32_t kMaxPacket = 0xFFFFFF;

  explicit MysqlFramer(std::size_t max_payload) : max_payload_(max_payload) {}

  // on_packet(seq, payload, whole_length) for each complete payload in `data`.
  template <class OnPacket>
  void feed(ByteSpan data, OnPacket&& on_packet) {
    while (!data.empty()) {
      if (header_len_ < 4) {
        const std::size_t n = std::min<std::size_t>(4 - header_len_, data.size());
        for (std::size_t i = 0; i < n; ++i) header_[header_len_++] = data[i];
        data = data.subspan(n);
        if (header_len_ < 4) return;
        start_piece();
      }
      const std::size_t n = std::min<std::size_t>(remaining_, data.size());
      const std::size_t keep = std::min(n, max_payload_ - std::min(max_payload_, payload_.size()));
      payload_.insert(payload_.end(), data.begin(), data.begin() + static_cast<std::ptrdiff_t>(keep));
      data = data.subspan(n);
      remaining_ -= static_cast<std::uint32_t>(n);
      if (remaining_ > 0) return;
      header_len_ = 0;
      if (continued_) continue;
      on_packet(seq_, ByteSpan(payload_), whole_);
      payload_.clear();
    }
  }
  std::size_t memory_bytes() const { return payload_.capacity(); }

 private:
  void start_piece() {
    const std::uint32_t length = header_[0] | header_[1] << 8 | header_[2] << 16;
    if (!continued_) {
      seq_ = header_[3];
      whole_ = 0;
    }
    whole_ += length;
    remaining_ = length;
    continued_ = length == kMaxPacket;
  }

  std::size_t max_payload_;
  std::uint8_t header_[4] = {};
  std::size_t header_len_ = 0;
  std::uint32_t remaining_ = 0;
  bool continued_ = false;
  std::uint8_t seq_ = 0;
  std::uint64_t whole_ = 0;
  std::vector<std::uint8_t> payload_;
};

}  // namespace dlp
