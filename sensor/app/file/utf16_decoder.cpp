#include "app/file/utf16_decoder.hpp"

namespace dlp {

namespace {

void append_utf8(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

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
      if (high_surrogate_) append_utf8(kReplacement, out);
      high_surrogate_ = unit;
      continue;
    }
    if (unit >= 0xDC00 && unit < 0xE000) {
      append_utf8(high_surrogate_ ? 0x10000 + ((high_surrogate_ - 0xD800) << 10) + (unit - 0xDC00) : kReplacement, out);
      high_surrogate_ = 0;
      continue;
    }
    if (high_surrogate_) append_utf8(kReplacement, out);
    high_surrogate_ = 0;
    append_utf8(unit, out);
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
