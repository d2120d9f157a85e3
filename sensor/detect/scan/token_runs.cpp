#include "detect/scan/token_runs.hpp"

#include <algorithm>

namespace dlp {

namespace {
constexpr std::size_t kBlock = 64;

// `bits` shifted down by k (0 < k < 64), the bits past its top taken as set.
std::uint64_t shifted_in_set(std::uint64_t bits, std::size_t k) {
  return (bits >> k) | (~std::uint64_t{0} << (kBlock - k));
}

// Bit i says bits i to i + span - 1 of `bits` are all set (span < 64), in
// log2(span) steps: a step and's each bit with the one `covered` above it.
std::uint64_t runs_of(std::uint64_t bits, std::size_t span) {
  std::size_t covered = 1;
  for (; covered * 2 <= span; covered *= 2) bits &= shifted_in_set(bits, covered);
  return covered < span ? bits & shifted_in_set(bits, span - covered) : bits;
}
}  // namespace

std::size_t TokenBytes::next_run(std::size_t i) {
  const std::size_t span = std::min<std::size_t>(min_length_, kBlock - 1);
  for (std::size_t block = i & ~(kBlock - 1); block < chunk_.size(); block += kBlock, i = block) {
    const std::uint64_t m = mask(block) & (~std::uint64_t{0} << (i - block));
    // Where `span` token bytes start; past the block's end, and the
    // chunk's, they may follow.
    const std::size_t size = std::min(kBlock, chunk_.size() - block);
    const std::uint64_t reach = size == kBlock ? m : m | (~std::uint64_t{0} << size);
    const std::uint64_t long_starts = m & runs_of(reach, span);
    if (!long_starts) continue;
    const auto at = static_cast<unsigned>(__builtin_ctzll(long_starts));
    const std::uint64_t gaps = ~m & ((std::uint64_t{1} << at) - 1) & (~std::uint64_t{0} << (i - block));
    return gaps ? block + (64 - static_cast<std::size_t>(__builtin_clzll(gaps))) : i;
  }
  return chunk_.size();
}

std::size_t TokenBytes::run_end(std::size_t i) {
  // A tail's mask ends in zeros: its run ends at the chunk's end at the latest.
  for (std::size_t block = i & ~(kBlock - 1); block < chunk_.size(); block += kBlock, i = block) {
    const std::uint64_t beyond = ~mask(block) >> (i - block);
    if (beyond) return i + static_cast<std::size_t>(__builtin_ctzll(beyond));
  }
  return chunk_.size();
}

void find_token_runs(ByteSpan chunk, const std::uint64_t* masks, std::size_t min_length, std::vector<TokenRun>& out) {
  out.clear();
  TokenBytes bytes(chunk, masks, min_length);
  std::size_t i = 0;
  if (!chunk.empty() && (masks[0] & 1)) {
    i = bytes.run_end(0);
    out.push_back({0, i});
  }
  while ((i = bytes.next_run(i)) < chunk.size()) {
    const std::size_t end = bytes.run_end(i);
    out.push_back({i, end});
    i = end;
  }
}

}  // namespace dlp
