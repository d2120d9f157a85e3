#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "common/byte_span.hpp"

namespace dlp {

// Cuts one direction of a TDS connection into packets (MS-TDS 2.2.3): an
// 8-byte header (type, status, a big-endian length that counts the header,
// channel, packet number, window), then the payload. A packet is at most
// 65,535 bytes, so one is always held whole. When told to, it steps over
// TLS records sent outside TDS packets (the login of a connection that
// encrypts only the login).
class TdsFramer {
 public:
  static constexpr std::uint8_t kEndOfMessage = 0x01;

  void skip_tls_records(bool on) { skip_tls_ = on; }

  // on_packet(type, status, payload) for each complete packet of `data`;
  // false when a length is shorter than the header.
  template <class OnPacket>
  bool feed(ByteSpan data, OnPacket&& on_packet) {
    while (!data.empty()) {
      if (header_len_ == 0 && skip_tls_ && !in_tls_ && data[0] >= 0x14 && data[0] <= 0x17) in_tls_ = true;
      const std::size_t header = in_tls_ ? 5 : 8;
      if (header_len_ < header) {
        const std::size_t n = std::min(header - header_len_, data.size());
        std::copy_n(data.begin(), n, header_ + header_len_);
        header_len_ += n;
        data = data.subspan(n);
        if (header_len_ < header) return true;
        remaining_ = in_tls_ ? (header_[3] << 8 | header_[4]) : (header_[2] << 8 | header_[3]);
        if (!in_tls_ && remaining_ < 8) return false;
        if (!in_tls_) remaining_ -= 8;
      }
      const std::size_t n = std::min(remaining_, data.size());
      if (!in_tls_) payload_.insert(payload_.end(), data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
      data = data.subspan(n);
      remaining_ -= n;
      if (remaining_ > 0) return true;
      header_len_ = 0;
      if (in_tls_) {
        in_tls_ = false;
        continue;
      }
      on_packet(header_[0], header_[1], ByteSpan(payload_));
      payload_.clear();
    }
    return true;
  }
  std::size_t memory_bytes() const { return payload_.capacity(); }

 private:
  bool skip_tls_ = false, in_tls_ = false;
  std::uint8_t header_[8] = {};
  std::size_t header_len_ = 0;
  std::size_t remaining_ = 0;
  std::vector<std::uint8_t> payload_;
};

}  // namespace dlp
