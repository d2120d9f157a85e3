#pragma once
#include <cstdint>
#include <string>

#include "common/byte_span.hpp"

namespace dlp {

// Handshake messages (RFC 8446 §4: a type, a 24-bit length, the body) put
// back together from the records that carry them, in clear or deciphered.
class TlsHandshakeBuffer {
 public:
  explicit TlsHandshakeBuffer(std::size_t max_message_bytes) : max_(max_message_bytes) {}

  // Adds bytes and calls on_message(type, body) for each whole message, as
  // long as it returns true (false: what follows is not to be read as
  // handshake). False when a message is longer than the limit: nothing is
  // held, and later calls take nothing (and say true).
  template <class OnMessage>
  bool add(ByteSpan bytes, OnMessage on_message) {
    if (over_) return true;
    held_.append(as_chars(bytes));
    std::size_t at = 0;
    while (held_.size() - at >= 4) {
      const auto* h = reinterpret_cast<const std::uint8_t*>(held_.data() + at);
      const std::size_t length = std::size_t{h[1]} << 16 | std::size_t{h[2]} << 8 | h[3];
      if (length > max_) {
        over_ = true;
        release();
        return false;
      }
      if (held_.size() - at < 4 + length) break;
      at += 4 + length;
      if (!on_message(h[0], ByteSpan(h + 4, length))) {
        release();
        return true;
      }
    }
    held_.erase(0, at);
    return true;
  }
  void release() { std::string().swap(held_); }  // its memory too
  std::size_t memory_bytes() const { return held_.capacity(); }

 private:
  std::size_t max_;
  bool over_ = false;
  std::string held_;
};

}  // namespace dlp
