#include "detect/scan/token_runs.hpp"

#include <algorithm>

#include "detect/scan/byte_masks.hpp"
#include "detect/signatures/pattern_alphabet.hpp"

namespace dlp {

namespace {
constexpr std::size_t kBlock = 64;
}  // namespace

#if defined(__SSE2__)
std::uint64_t TokenBytes::mask(std::size_t block) {
  if (block != block_) {
    mask_ = ByteMasks64(chunk_.data() + block).where([](__m128i v) {
      using namespace lanes;
      return _mm_or_si128(
          _mm_or_si128(in_range(v, '0', '9'), in_range(v, 'A', 'Z')),
          _mm_or_si128(_mm_or_si128(eq(v, 'x'), eq(v, ' ')), _mm_or_si128(eq(v, '-'), in_range(v, '(', ')'))));
    });
    block_ = block;
  }
  return mask_;
}
#endif

std::size_t TokenBytes::next_run(std::size_t i) {
#if defined(__SSE2__)
  const std::size_t span = std::min<std::size_t>(min_length_, kBlock - 1);
  for (std::size_t block = i & ~(kBlock - 1); block + kBlock <= chunk_.size(); block += kBlock, i = block) {
    const std::uint64_t m = mask(block) & (~std::uint64_t{0} << (i - block));
    // Where `span` token bytes start; past the block's end they may follow.
    std::uint64_t long_starts = m;
    for (std::size_t k = 1; k < span; ++k) long_starts &= (m >> k) | (~std::uint64_t{0} << (kBlock - k));
    if (!long_starts) continue;
    const auto at = static_cast<unsigned>(__builtin_ctzll(long_starts));
    const std::uint64_t gaps = ~m & ((std::uint64_t{1} << at) - 1) & (~std::uint64_t{0} << (i - block));
    return gaps ? block + (64 - static_cast<std::size_t>(__builtin_clzll(gaps))) : i;
  }
#endif
  while (i < chunk_.size() && !is_token_byte(chunk_[i])) ++i;
  return i;
}

std::size_t TokenBytes::run_end(std::size_t i) {
#if defined(__SSE2__)
  for (std::size_t block = i & ~(kBlock - 1); block + kBlock <= chunk_.size(); block += kBlock, i = block) {
    const std::uint64_t beyond = ~mask(block) >> (i - block);
    if (beyond) return i + static_cast<std::size_t>(__builtin_ctzll(beyond));
  }
#endif
  while (i < chunk_.size() && is_token_byte(chunk_[i])) ++i;
  return i;
}

}  // namespace dlp
