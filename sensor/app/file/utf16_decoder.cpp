#include "app/file/utf16_decoder.hpp"

#include "common/utf8.hpp"

namespace dlp {

namespace {

constexpr std::uint32_t kReplacement = 0xFFFD;

}  // namespace

void Utf16Decoder::write(ByteSpan in, std::string& out) {
  for (std::uint8_t b : in) {
    if (odd_byte_ < 0) {
      odd_byte_ = b;
      continue;
    }
    const auto first = static_cast<std::uint32_t>(odd_byte_);
    odd_byte_ = -1;
    const std::uint32_t unit = big_endian_ ? (first << 8 | b) : (static_cast<std::uint32_t>(b) << 8 | first);
    if (unit >= 0xD800 && unit < 0xDC00) {
      if (high_surrogate_) append_utf8(out, kReplacement);
      high_surrogate_ = unit;
      continue;
    }
    if (unit >= 0xDC00 && unit < 0xE000) {
      append_utf8(out, high_surrogate_ ? 0x10000 + ((high_surrogate_ - 0xD800) << 10) + (unit - 0xDC00) : kReplacement);
      high_surrogate_ = 0;
      continue;
    }
    if (high_surrogate_) append_utf8(out, kReplacement);
    high_surrogate_ = 0;
    append_utf8(out, unit);
  }
}

bool looks_like_utf16(ByteSpan head, bool& big_endian) {
  if (head.size() < 4) return false;
  auto ascii = [](std::uint8_t c) { return c >= 0x09 && c < 0x7F; };
  if (ascii(head[0]) && head[1] == 0 && ascii(head[2]) && head[3] == 0) {
    big_endian = false;
    return true;
  }
  if (head[0] == 0 && ascii(head[1]) && head[2] == 0 && ascii(head[3])) {
    big_endian = true;
    return true;
  }
  return false;
}

}  // namespace dlp
