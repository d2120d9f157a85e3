#pragma once
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>

namespace dlp {

// 64 bytes of a buffer as bitmasks, bit i for byte i: which bytes equal a
// value or fall in a range, four SSE2 compares and movemasks each.
class ByteMasks64 {
 public:
  explicit ByteMasks64(const std::uint8_t* p) {
    for (int i = 0; i < 4; ++i) v_[i] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
  }
  std::uint64_t eq(std::uint8_t c) const {
    const __m128i k = _mm_set1_epi8(static_cast<char>(c));
    return gather([&](__m128i v) { return _mm_cmpeq_epi8(v, k); });
  }
  // lo <= byte <= hi, unsigned.
  std::uint64_t in_range(std::uint8_t lo, std::uint8_t hi) const {
    const __m128i base = _mm_set1_epi8(static_cast<char>(lo)), span = _mm_set1_epi8(static_cast<char>(hi - lo));
    return gather([&](__m128i v) {
      const __m128i d = _mm_sub_epi8(v, base);
      return _mm_cmpeq_epi8(_mm_min_epu8(d, span), d);
    });
  }
  // (byte & mask) == value.
  std::uint64_t bits(std::uint8_t mask, std::uint8_t value) const {
    const __m128i m = _mm_set1_epi8(static_cast<char>(mask)), k = _mm_set1_epi8(static_cast<char>(value));
    return gather([&](__m128i v) { return _mm_cmpeq_epi8(_mm_and_si128(v, m), k); });
  }

 private:
  template <typename Compare>
  std::uint64_t gather(Compare compare) const {
    std::uint64_t out = 0;
    for (int i = 0; i < 4; ++i)
      out |= static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(compare(v_[i])))) << (16 * i);
    return out;
  }
  __m128i v_[4];
};

}  // namespace dlp

#endif
