#pragma once
#include <cstdint>
#include <string>

#include "common/byte_span.hpp"

namespace dlp {

// UTF-16 text (what Windows tools export as "Unicode") to UTF-8, as bytes
// arrive: an odd byte or the first half of a surrogate pair is carried
// over; an unpaired surrogate becomes U+FFFD.
class Utf16Decoder {
 public:
  explicit Utf16Decoder(bool big_endian) : big_endian_(big_endian) {}
  void write(ByteSpan in, std::string& out);

 private:
  bool big_endian_;
  int odd_byte_ = -1;
  std::uint32_t high_surrogate_ = 0;
};

// Whether the first bytes of a file look like UTF-16 without a BOM: ASCII
// characters with a zero byte beside each. Sets `big_endian`.
bool looks_like_utf16(ByteSpan head, bool& big_endian);

}  // namespace dlp
