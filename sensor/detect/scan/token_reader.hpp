#pragma once
#include <cstdint>
#include <string>

#include "detect/scan/text_window.hpp"

namespace dlp {

// Reads a token backwards from its end, one group of digits at a time:
// validators of grouped numbers (138 1234 5678, 6222-0000-...) share it.
class TokenReader {
 public:
  TokenReader(const TextWindow& w, std::uint64_t end) : w_(w), pos_(end) {}

  // Reads exactly n digits ending at the current position, prepending them.
  bool digits(int n) {
    if (pos_ < static_cast<std::uint64_t>(n)) return false;
    for (int i = 1; i <= n; ++i)
      if (!is_digit(w_.at(pos_ - i))) return false;
    std::string group;
    for (int i = n; i >= 1; --i) group.push_back(static_cast<char>(w_.at(pos_ - i)));
    value_.insert(0, group);
    pos_ -= n;
    return true;
  }
  // The length of the digit run ending at the current position.
  int run_length(int limit) const {
    int n = 0;
    while (n <= limit && pos_ > static_cast<std::uint64_t>(n) && is_digit(w_.at(pos_ - n - 1))) ++n;
    return n;
  }
  // Skips one separator before the current position, if there is one.
  int separator(const char* allowed) {
    int c = before();
    for (const char* a = allowed; *a; ++a)
      if (c == *a) {
        --pos_;
        return c;
      }
    return 0;
  }
  // Skips `text` if it stands just before the current position.
  bool literal(const char* text) {
    std::size_t n = std::char_traits<char>::length(text);
    if (pos_ < n) return false;
    for (std::size_t i = 0; i < n; ++i)
      if (w_.at(pos_ - n + i) != static_cast<unsigned char>(text[i])) return false;
    pos_ -= n;
    return true;
  }
  int before() const { return pos_ == 0 ? -1 : w_.at(pos_ - 1); }
  bool at_boundary() const { return !is_alnum(before()); }

  std::uint64_t pos() const { return pos_; }
  void set_pos(std::uint64_t p) { pos_ = p; }
  std::string& value() { return value_; }

 private:
  const TextWindow& w_;
  std::uint64_t pos_;
  std::string value_;
};

}  // namespace dlp
