#pragma once
#include <cstdint>

#include "common/byte_span.hpp"
#include "detect/scan/byte_masks.hpp"

namespace dlp {

// Calls found(offset, byte) for each '\n', '{' and '}' of `data` in order:
// the record delimiters, too frequent to be Hyperscan matches (a callback
// each, and a literal set run over every byte) when three compares per
// byte find them.
template <typename Found>
void for_each_record_delimiter(ByteSpan data, Found&& found) {
  std::size_t i = 0;
#if defined(__SSE2__)
  for (; i + 64 <= data.size(); i += 64) {
    const ByteMasks64 m(data.data() + i);
    std::uint64_t hits = m.where(
        [](__m128i v) { return _mm_or_si128(lanes::eq(v, '\n'), _mm_or_si128(lanes::eq(v, '{'), lanes::eq(v, '}'))); });
    for (; hits; hits &= hits - 1) {
      const std::size_t at = i + static_cast<std::size_t>(__builtin_ctzll(hits));
      found(at, data[at]);
    }
  }
#endif
  for (; i < data.size(); ++i)
    if (data[i] == '\n' || data[i] == '{' || data[i] == '}') found(i, data[i]);
}

}  // namespace dlp
