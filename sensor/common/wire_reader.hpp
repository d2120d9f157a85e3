#pragma once
#include <cstdint>
#include <string_view>

#include "common/byte_span.hpp"

namespace dlp {

// A bounds-checked cursor over one protocol message. A read past the end
// fails, returns nothing and leaves the reader failed, so a bogus length
// never reads outside the message; the caller checks ok() once at the end.
class WireReader {
 public:
  explicit WireReader(ByteSpan data) : data_(data) {}

  bool ok() const { return ok_; }
  std::size_t left() const { return ok_ ? data_.size() - at_ : 0; }
  bool at_end() const { return left() == 0; }
  // The next byte, not read; -1 at the end.
  int peek() const { return left() > 0 ? data_[at_] : -1; }

  // A little-endian unsigned integer of `n` (1 to 8) bytes.
  std::uint64_t le(std::size_t n) {
    const ByteSpan b = bytes(n);
    std::uint64_t v = 0;
    for (std::size_t i = b.size(); i-- > 0;) v = v << 8 | b[i];
    return v;
  }
  // A big-endian unsigned integer of `n` (1 to 8) bytes.
  std::uint64_t be(std::size_t n) {
    std::uint64_t v = 0;
    for (const std::uint8_t byte : bytes(n)) v = v << 8 | byte;
    return v;
  }
  ByteSpan bytes(std::uint64_t n) {
    if (!ok_ || n > data_.size() - at_) {
      ok_ = false;
      return {};
    }
    const ByteSpan out = data_.subspan(at_, static_cast<std::size_t>(n));
    at_ += static_cast<std::size_t>(n);
    return out;
  }
  // Up to a NUL, which is read too; without one, the rest.
  std::string_view nul_terminated() {
    const std::size_t n = left();
    std::size_t len = 0;
    while (len < n && data_[at_ + len] != 0) ++len;
    const auto text = as_chars(bytes(len));
    if (left() > 0) skip(1);
    return text;
  }
  ByteSpan rest() { return bytes(left()); }
  void skip(std::uint64_t n) { bytes(n); }

 private:
  ByteSpan data_;
  std::size_t at_ = 0;
  bool ok_ = true;
};

}  // namespace dlp
