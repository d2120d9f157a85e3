#include "app/coding/transfer_decoder.hpp"

#include <array>

#include "common/ascii.hpp"

namespace dlp {

namespace {

constexpr std::array<std::int8_t, 256> kBase64 = [] {
  std::array<std::int8_t, 256> t{};
  t.fill(-1);
  constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < alphabet.size(); ++i)
    t[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
  return t;
}();

int hex_digit(std::uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

void Base64Decoder::write(ByteSpan in, std::string& out) {
  for (std::uint8_t c : in) {
    if (c == '=') {
      // Padding: 2 sextets make one byte, 3 make two.
      if (count_ == 2) out.push_back(static_cast<char>(bits_ >> 4));
      if (count_ == 3) {
        out.push_back(static_cast<char>(bits_ >> 10));
        out.push_back(static_cast<char>(bits_ >> 2));
      }
      bits_ = 0;
      count_ = 0;
      continue;
    }
    const int v = kBase64[c];
    if (v < 0) continue;
    bits_ = (bits_ << 6) | static_cast<std::uint32_t>(v);
    if (++count_ == 4) {
      out.push_back(static_cast<char>(bits_ >> 16));
      out.push_back(static_cast<char>(bits_ >> 8));
      out.push_back(static_cast<char>(bits_));
      bits_ = 0;
      count_ = 0;
    }
  }
}

void QuotedPrintableDecoder::write(ByteSpan in, std::string& out) {
  for (std::uint8_t c : in) {
    switch (state_) {
      case State::text:
        if (c == '=')
          state_ = State::equals;
        else
          out.push_back(static_cast<char>(c));
        break;
      case State::equals:
        if (c == '\r') {
          state_ = State::equals_cr;
        } else if (c == '\n') {
          state_ = State::text;  // a soft line break
        } else if (hex_digit(c) >= 0) {
          high_ = static_cast<std::uint8_t>(hex_digit(c));
          state_ = State::hex;
        } else {
          out.push_back('=');  // not an escape: kept as written
          out.push_back(static_cast<char>(c));
          state_ = State::text;
        }
        break;
      case State::equals_cr:
        state_ = State::text;
        if (c != '\n') out.push_back(static_cast<char>(c));
        break;
      case State::hex:
        if (hex_digit(c) >= 0) {
          out.push_back(static_cast<char>(high_ * 16 + hex_digit(c)));
        } else {
          out.push_back('=');
          out.push_back("0123456789ABCDEF"[high_]);
          out.push_back(static_cast<char>(c));
        }
        state_ = State::text;
        break;
    }
  }
}

std::unique_ptr<TransferDecoder> make_transfer_decoder(std::string_view encoding) {
  if (iequals(encoding, "base64")) return std::make_unique<Base64Decoder>();
  if (iequals(encoding, "quoted-printable")) return std::make_unique<QuotedPrintableDecoder>();
  return nullptr;
}

}  // namespace dlp
