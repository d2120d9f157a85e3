#pragma once
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>

namespace dlp {

// Lane tests on 16 bytes: all ones where the byte passes.
namespace lanes {
inline __m128i eq(__m128i v, std::uint8_t c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(c))); }
// lo <= byte <= hi, unsigned.
inline __m128i in_range(__m128i v, std::uint8_t lo, std::uint8_t hi) {
  const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8(static_cast<char>(lo)));
  return _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(static_cast<char>(hi - lo))), d);
}
// (byte & mask) == value.
inline __m128i bits(__m128i v, std::uint8_t mask, std::uint8_t value) {
  return _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8(static_cast<char>(mask))),
                        _mm_set1_epi8(static_cast<char>(value)));
}
}  // namespace lanes

// 64 bytes of a buffer as bitmasks, bit i for byte i. A test combining
// several lane tests is one where() call: the lanes are or'ed before the
// four movemasks.
class ByteMasks64 {
 public:
  explicit ByteMasks64(const std::uint8_t* p) {
    for (int i = 0; i < 4; ++i) v_[i] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
  }
  template <typename Test>
  std::uint64_t where(Test test) const {
    std::uint64_t out = 0;
    for (int i = 0; i < 4; ++i)
      out |= static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(test(v_[i])))) << (16 * i);
    return out;
  }
  // Bytes with the top bit set (not ASCII).
  std::uint64_t high() const {
    return where([](__m128i v) { return v; });
  }
  std::uint64_t eq(std::uint8_t c) const {
    return where([c](__m128i v) { return lanes::eq(v, c); });
  }
  std::uint64_t in_range(std::uint8_t lo, std::uint8_t hi) const {
    return where([lo, hi](__m128i v) { return lanes::in_range(v, lo, hi); });
  }
  std::uint64_t bits(std::uint8_t mask, std::uint8_t value) const {
    return where([mask, value](__m128i v) { return lanes::bits(v, mask, value); });
  }

 private:
  __m128i v_[4];
};

}  // namespace dlp

#endif
