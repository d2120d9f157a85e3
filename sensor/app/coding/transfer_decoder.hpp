#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/byte_span.hpp"

namespace dlp {

// A MIME Content-Transfer-Encoding, undone as bytes arrive: a quantum or
// an escape split across two writes is carried over.
class TransferDecoder {
 public:
  virtual ~TransferDecoder() = default;
  // Appends what `in` decodes to to `out`.
  virtual void write(ByteSpan in, std::string& out) = 0;
};

// base64 (RFC 2045 6.8): characters outside the alphabet (line ends) are
// skipped, '=' ends a quantum.
class Base64Decoder final : public TransferDecoder {
 public:
  void write(ByteSpan in, std::string& out) override;

 private:
  std::uint32_t bits_ = 0;
  int count_ = 0;  // sextets in bits_
};

// quoted-printable (RFC 2045 6.7): =XX escapes and soft line breaks.
class QuotedPrintableDecoder final : public TransferDecoder {
 public:
  void write(ByteSpan in, std::string& out) override;

 private:
  enum class State : std::uint8_t { text, equals, equals_cr, hex } state_ = State::text;
  std::uint8_t high_ = 0;  // the first hex digit of an escape
};

// The decoder for a Content-Transfer-Encoding value; nothing for 7bit,
// 8bit, binary or one it does not know (the bytes are passed as they are).
std::unique_ptr<TransferDecoder> make_transfer_decoder(std::string_view encoding);

}  // namespace dlp
