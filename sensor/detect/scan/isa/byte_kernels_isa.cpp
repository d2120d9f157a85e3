// The byte kernels of one instruction set. This file is compiled once per
// set, with that set's flags and DLP_ISA naming it, so nothing compiled here
// may be shared with other files: no C++ library code is used, and every
// helper is in this set's own namespace, lest the linker pick one set's
// copy for all.
#include <immintrin.h>

#include "detect/scan/byte_kernels.hpp"

namespace dlp::DLP_ISA {
namespace {

using u64 = std::uint64_t;
using u8 = std::uint8_t;

// 64 bytes, and the lane tests on them: where(test) gives bit i for byte i
// of what `test` finds, a test combining eq / in_range / folded_range /
// bits through either(). With AVX-512 a test is a mask already; with the
// narrower sets a test's lanes are or'ed together before one movemask per
// vector.
#if defined(__AVX512BW__)
using Lanes = __m512i;
inline __mmask64 eq(Lanes v, u8 c) { return _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(static_cast<char>(c))); }
inline __mmask64 in_range(Lanes v, u8 lo, u8 hi) {
  return _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8(static_cast<char>(lo))),
                                _mm512_set1_epi8(static_cast<char>(hi - lo)));
}
inline __mmask64 bits(Lanes v, u8 mask, u8 value) {
  return eq(_mm512_and_si512(v, _mm512_set1_epi8(static_cast<char>(mask))), value);
}
inline __mmask64 folded_range(Lanes v, u8 lo, u8 hi) {  // ASCII letters of either case
  return in_range(_mm512_or_si512(v, _mm512_set1_epi8(0x20)), lo, hi);
}
inline __mmask64 either(__mmask64 a, __mmask64 b) { return a | b; }

class Block {
 public:
  explicit Block(const u8* p) : v_(_mm512_loadu_si512(p)) {}
  Block(const u8* p, std::size_t n, u8 pad)
      : v_(_mm512_mask_loadu_epi8(_mm512_set1_epi8(static_cast<char>(pad)), (u64{1} << n) - 1, p)) {}
  template <typename Test>
  u64 where(Test test) const {
    return test(v_);
  }
  u64 high() const { return _mm512_movepi8_mask(v_); }

 private:
  Lanes v_;
};
#elif defined(__SSE2__)
#if defined(__AVX2__)
using Lanes = __m256i;
inline Lanes set1(u8 c) { return _mm256_set1_epi8(static_cast<char>(c)); }
inline Lanes eq(Lanes v, u8 c) { return _mm256_cmpeq_epi8(v, set1(c)); }
inline Lanes in_range(Lanes v, u8 lo, u8 hi) {
  const Lanes d = _mm256_sub_epi8(v, set1(lo));
  return _mm256_cmpeq_epi8(_mm256_min_epu8(d, set1(static_cast<u8>(hi - lo))), d);
}
inline Lanes bits(Lanes v, u8 mask, u8 value) { return eq(_mm256_and_si256(v, set1(mask)), value); }
inline Lanes folded_range(Lanes v, u8 lo, u8 hi) { return in_range(_mm256_or_si256(v, set1(0x20)), lo, hi); }
inline Lanes either(Lanes a, Lanes b) { return _mm256_or_si256(a, b); }
inline Lanes load(const u8* p) { return _mm256_loadu_si256(reinterpret_cast<const Lanes*>(p)); }
inline u64 movemask(Lanes v) { return static_cast<std::uint32_t>(_mm256_movemask_epi8(v)); }
#else
using Lanes = __m128i;
inline Lanes set1(u8 c) { return _mm_set1_epi8(static_cast<char>(c)); }
inline Lanes eq(Lanes v, u8 c) { return _mm_cmpeq_epi8(v, set1(c)); }
inline Lanes in_range(Lanes v, u8 lo, u8 hi) {
  const Lanes d = _mm_sub_epi8(v, set1(lo));
  return _mm_cmpeq_epi8(_mm_min_epu8(d, set1(static_cast<u8>(hi - lo))), d);
}
inline Lanes bits(Lanes v, u8 mask, u8 value) { return eq(_mm_and_si128(v, set1(mask)), value); }
inline Lanes folded_range(Lanes v, u8 lo, u8 hi) { return in_range(_mm_or_si128(v, set1(0x20)), lo, hi); }
inline Lanes either(Lanes a, Lanes b) { return _mm_or_si128(a, b); }
inline Lanes load(const u8* p) { return _mm_loadu_si128(reinterpret_cast<const Lanes*>(p)); }
inline u64 movemask(Lanes v) { return static_cast<std::uint16_t>(_mm_movemask_epi8(v)); }
#endif

class Block {
 public:
  static constexpr int kVectors = 64 / sizeof(Lanes);
  explicit Block(const u8* p) { load_all(p); }
  Block(const u8* p, std::size_t n, u8 pad) {
    u8 padded[64];
    __builtin_memset(padded, pad, sizeof padded);
    __builtin_memcpy(padded, p, n);
    load_all(padded);
  }
  template <typename Test>
  u64 where(Test test) const {
    u64 out = 0;
    for (int i = 0; i < kVectors; ++i) out |= movemask(test(v_[i])) << (i * sizeof(Lanes));
    return out;
  }
  u64 high() const {
    return where([](Lanes v) { return v; });
  }

 private:
  void load_all(const u8* p) {
    for (int i = 0; i < kVectors; ++i) v_[i] = load(p + i * sizeof(Lanes));
  }
  Lanes v_[kVectors];
};
#else
// No vector unit known: the same tests, a byte at a time, as a mask.
struct Lanes {
  u8 b[64];
};
template <typename Test>
inline u64 each(const Lanes& v, Test test) {
  u64 out = 0;
  for (int i = 0; i < 64; ++i) out |= u64{test(v.b[i])} << i;
  return out;
}
inline u64 eq(const Lanes& v, u8 c) {
  return each(v, [c](u8 b) { return b == c; });
}
inline u64 in_range(const Lanes& v, u8 lo, u8 hi) {
  return each(v, [lo, hi](u8 b) { return b >= lo && b <= hi; });
}
inline u64 bits(const Lanes& v, u8 mask, u8 value) {
  return each(v, [mask, value](u8 b) { return (b & mask) == value; });
}
inline u64 folded_range(const Lanes& v, u8 lo, u8 hi) {
  return each(v, [lo, hi](u8 b) { return (b | 0x20) >= lo && (b | 0x20) <= hi; });
}
inline u64 either(u64 a, u64 b) { return a | b; }

class Block {
 public:
  explicit Block(const u8* p) { __builtin_memcpy(v_.b, p, 64); }
  Block(const u8* p, std::size_t n, u8 pad) {
    __builtin_memset(v_.b, pad, 64);
    __builtin_memcpy(v_.b, p, n);
  }
  template <typename Test>
  u64 where(Test test) const {
    return test(v_);
  }
  u64 high() const { return in_range(v_, 0x80, 0xFF); }

 private:
  Lanes v_;
};
#endif

// A whole block at `p`, or the `n` < 64 bytes of a tail followed by `pad`.
inline Block block_at(const u8* p, std::size_t n, u8 pad) { return n >= 64 ? Block(p) : Block(p, n, pad); }

#define DLP_MASK(test) [&](const Lanes& v) { return test; }

constexpr u64 kEven = 0x5555555555555555ull;  // bits 0, 2, 4 ...

// The last two bytes of a block whose last byte is bit `last`.
inline u64 last_two(unsigned last) { return last == 0 ? 1 : u64{3} << (last - 1); }

// A block's bytes as far as the chunk goes on past it: what a sequence
// starting in its last two bytes is made of.
struct Edge {
  const u8* p;
  std::size_t size;  // bytes from p to the chunk's end
  int at(std::size_t k) const { return k < size ? p[k] : -1; }
};

// Whether a replaced sequence may start at byte k of a block (one of its
// last two): a byte past the chunk's end may be anything.
inline bool may_start_sequence(const Edge& e, std::size_t k, bool gbk) {
  const int b1 = e.at(k + 1), b2 = e.at(k + 2);
  auto is = [](int b, int lo, int hi) { return b < 0 || (b >= lo && b <= hi); };
  auto hex = [&](int b) { return is(b, '0', '9') || is(b | 0x20, 'a', 'f'); };
  switch (e.p[k]) {
    case '%': return hex(b1) && hex(b2);
    case 0xEF:
      return (is(b1, 0xBC, 0xBC) && (is(b2, 0x90, 0x99) || is(b2, 0xB8, 0xB8))) ||
             (is(b1, 0xBD, 0xBD) && is(b2, 0x98, 0x98));
    case 0xE3: return !gbk && is(b1, 0x80, 0x80) && is(b2, 0x80, 0x80);
    case 0xA3: return gbk && (is(b1, 0xB0, 0xB9) || is(b1, 0xD8, 0xD8));
    case 0xA1: return gbk && is(b1, 0xA1, 0xA1);
    default: return false;
  }
}

// Those of `candidates` (bits of a block's last two bytes) that may start one.
inline u64 may_start(const Edge& e, u64 candidates, bool gbk) {
  u64 out = 0;
  for (u64 c = candidates; c; c &= c - 1) {
    const auto k = static_cast<unsigned>(__builtin_ctzll(c));
    if (may_start_sequence(e, k, gbk)) out |= u64{1} << k;
  }
  return out;
}

// The replaced three-byte sequences EF BC 90-99, EF BC B8 and EF BD 98
// that the block holds whole, by where they start.
inline u64 fullwidth_starts(const Block& m, u64 ef) {
  if (!ef) return 0;
  const u64 digit_or_x = m.where(DLP_MASK(either(in_range(v, 0x90, 0x99), eq(v, 0xB8)))) >> 2;
  return (ef & (m.where(DLP_MASK(eq(v, 0xBC))) >> 1) & digit_or_x) |
         (ef & (m.where(DLP_MASK(eq(v, 0xBD))) >> 1) & (m.where(DLP_MASK(eq(v, 0x98))) >> 2));
}

// How many bytes of the block pass: all of them when it is valid UTF-8
// (continuing the character the last one ended in) with no sequence to
// replace, then only the state at its end is needed; up to the first
// sequence (`starts` holds those of ASCII bytes) when it is valid, a
// character's start; none when it is not. A tail padded with ASCII is not
// valid if it cuts a character short.
inline unsigned utf8_block_passes(const Block& m, const Edge& edge, u64 starts, NormaliserState& st) {
  if (st.utf8_left == 0 && !m.high()) return starts ? __builtin_ctzll(starts) : 64;  // ASCII
  const u64 lead2 = m.where(DLP_MASK(bits(v, 0xE0, 0xC0)));
  const u64 lead3 = m.where(DLP_MASK(bits(v, 0xF0, 0xE0)));
  const u64 lead4 = m.where(DLP_MASK(bits(v, 0xF8, 0xF0)));
  const u64 bad = m.where(DLP_MASK(either(in_range(v, 0xC0, 0xC1), in_range(v, 0xF5, 0xFF))));
  const u64 carried = (u64{1} << st.utf8_left) - 1;
  const u64 needed = ((lead2 | lead3 | lead4) << 1) | ((lead3 | lead4) << 2) | (lead4 << 3) | carried;
  if (bad || needed != m.where(DLP_MASK(bits(v, 0xC0, 0x80)))) return 0;
  const u64 e3 = m.where(DLP_MASK(eq(v, 0xE3))), ef = m.where(DLP_MASK(eq(v, 0xEF)));
  if (e3) {
    const u64 x80 = m.where(DLP_MASK(eq(v, 0x80)));
    starts |= e3 & (x80 >> 1) & (x80 >> 2);
  }
  starts |= fullwidth_starts(m, ef) | may_start(edge, (e3 | ef) & last_two(63), false);
  if (starts) {
    st.utf8_left = 0;
    return __builtin_ctzll(starts);
  }
  const u64 beyond = ((lead2 | lead3 | lead4) >> 63) | ((lead3 | lead4) >> 62) | (lead4 >> 61);
  st.utf8_left = __builtin_popcountll(beyond);
  return 64;
}

// GBK pairs a lead (81-FE not itself a trail) with whatever byte follows.
// In a run of such bytes leads are every other byte from the run's start
// (from its second byte when the block starts on a trail): adding a run's
// start bit to the mask clears exactly that run, which picks out the runs
// starting on even and on odd bits. The block's last byte is bit `last`;
// it passes up to its first sequence.
inline unsigned gbk_block_passes(const Block& m, const Edge& edge, u64 starts, unsigned last, NormaliserState& st) {
  const u64 high = m.where(DLP_MASK(in_range(v, 0x81, 0xFE)));
  const u64 run_starts = high & ~(high << 1);
  u64 even_starts = run_starts & kEven, odd_starts = run_starts & ~kEven;
  if (st.gbk_trail && (high & 1)) {
    even_starts &= ~u64{1};
    odd_starts |= 1;
  }
  const u64 leads = (high & ~(high + even_starts) & kEven) | (high & ~(high + odd_starts) & ~kEven);
  const u64 a3 = m.where(DLP_MASK(eq(v, 0xA3))), a1 = m.where(DLP_MASK(eq(v, 0xA1)));
  const u64 ef = m.where(DLP_MASK(eq(v, 0xEF)));
  u64 sequences = fullwidth_starts(m, ef) | (a1 & (a1 >> 1));
  if (a3) sequences |= a3 & (m.where(DLP_MASK(either(in_range(v, 0xB0, 0xB9), eq(v, 0xD8)))) >> 1);
  const u64 edge_leads = leads & ((ef & last_two(last)) | ((a3 | a1) & (u64{1} << last)));
  starts |= (leads & sequences) | may_start(edge, edge_leads, true);
  if (starts) {
    const auto k = static_cast<unsigned>(__builtin_ctzll(starts));
    if (k > 0) st.gbk_trail = (leads >> (k - 1) & 1) != 0;
    return k;
  }
  st.gbk_trail = (leads >> last & 1) != 0;
  return 64;
}

// How many bytes of the block pass unchanged. A tail is padded with 'a':
// ASCII, so a UTF-8 character it cuts short fails the block, and a hex
// digit, so a '%' it cuts short is taken for a sequence.
inline unsigned block_passes(const Block& m, const Edge& edge, unsigned last, u8 previous, NormaliserState& st) {
  u64 starts = 0;  // %XX, and '+' after a digit
  if (const u64 percent = m.where(DLP_MASK(eq(v, '%')))) {
    const u64 hex = m.where(DLP_MASK(either(in_range(v, '0', '9'), folded_range(v, 'a', 'f'))));
    starts |= (percent & (hex >> 1) & (hex >> 2)) | may_start(edge, percent & last_two(63), st.gbk);
  }
  if (const u64 plus = m.where(DLP_MASK(eq(v, '+'))))
    starts |= plus & ((m.where(DLP_MASK(in_range(v, '0', '9'))) << 1) | (previous >= '0' && previous <= '9'));
  return st.gbk ? gbk_block_passes(m, edge, starts, last, st) : utf8_block_passes(m, edge, starts, st);
}

std::size_t normaliser_pass(const u8* p, std::size_t n, u8 previous, NormaliserState& st) {
  std::size_t i = 0;
  while (i < n) {
    const std::size_t size = n - i < 64 ? n - i : 64;
    const Edge edge{p + i, n - i};
    const unsigned passed = block_passes(block_at(p + i, size, 'a'), edge, static_cast<unsigned>(size - 1),
                                         i > 0 ? p[i - 1] : previous, st);
    if (passed < size) return i + passed;
    i += size;
  }
  return i;
}

// Token bytes are digits, capital letters, 'x', ' ', '-', '(' and ')'; the
// zero after a tail is neither a token byte nor a delimiter.
void classify(const u8* p, std::size_t n, u64* tokens, u64* delimiters) {
  for (std::size_t i = 0; i < n; i += 64) {
    const Block m = block_at(p + i, n - i, 0);
    *tokens++ =
        m.where(DLP_MASK(either(either(in_range(v, '0', '9'), in_range(v, 'A', 'Z')),
                                either(either(eq(v, 'x'), eq(v, ' ')), either(eq(v, '-'), in_range(v, '(', ')'))))));
    *delimiters++ = m.where(DLP_MASK(either(eq(v, '\n'), either(eq(v, '{'), eq(v, '}')))));
  }
}

#undef DLP_MASK

}  // namespace

#define DLP_STRING(x) #x
#define DLP_NAME(x) DLP_STRING(x)
extern const ByteKernels kernels{DLP_NAME(DLP_ISA), normaliser_pass, classify};

}  // namespace dlp::DLP_ISA
