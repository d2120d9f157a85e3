#pragma once
#include <cstdint>

#include "common/byte_span.hpp"

namespace dlp {

// The bytes a validator may read around a match: the chunk being scanned
// plus the tail of what came before it (kept in a ring). Offsets are absolute
// stream offsets. Outside the readable range at() answers -1, which counts as
// a token boundary: the start of the stream, a gap, or the end of the stream.
class TextWindow {
 public:
  TextWindow(ByteSpan ring, std::uint64_t floor, std::uint64_t chunk_start, ByteSpan chunk)
      : ring_(ring), floor_(floor), chunk_start_(chunk_start), chunk_(chunk) {}

  int at(std::uint64_t off) const {
    if (off < floor_ || off >= chunk_start_ + chunk_.size()) return -1;
    if (off >= chunk_start_) return chunk_[off - chunk_start_];
    if (chunk_start_ - off > ring_.size()) return -1;
    return ring_[off % ring_.size()];
  }
  // First offset past the readable bytes.
  std::uint64_t end() const { return chunk_start_ + chunk_.size(); }

 private:
  ByteSpan ring_;
  std::uint64_t floor_;
  std::uint64_t chunk_start_;
  ByteSpan chunk_;
};

inline bool is_digit(int c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(int c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
inline bool is_alnum(int c) { return is_digit(c) || is_alpha(c); }
// 0-15 for a hexadecimal digit in either case, else -1.
inline int hex_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Whether the byte before `start` joins a token to it: a letter or a digit,
// but not the letter of a JSON string's escaped line end ("\n2843017765"
// starts a line of an IM message).
inline bool joins_before(const TextWindow& w, std::uint64_t start) {
  const int c = w.at(start - 1);
  return is_alnum(c) && !((c == 'n' || c == 'r' || c == 't') && w.at(start - 2) == '\\');
}

// A number at [start, end) that is part of a decimal (0.6225881414207430,
// 13812345678.25): its digits are a measurement, not an identifier.
inline bool in_decimal(const TextWindow& w, std::uint64_t start, std::uint64_t end) {
  return (w.at(start - 1) == '.' && is_digit(w.at(start - 2))) || (w.at(end) == '.' && is_digit(w.at(end + 1)));
}

}  // namespace dlp
