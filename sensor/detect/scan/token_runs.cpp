#include "detect/scan/token_runs.hpp"

#include "detect/scan/byte_masks.hpp"
#include "detect/signatures/pattern_alphabet.hpp"

namespace dlp {

std::size_t TokenBytes::find(std::size_t i, bool want) {
#if defined(__SSE2__)
  while (i < chunk_.size()) {
    const std::size_t block = i & ~std::size_t{63};
    if (block + 64 > chunk_.size()) break;
    if (block != block_) {
      const ByteMasks64 m(chunk_.data() + block);
      mask_ = m.in_range('0', '9') | m.in_range('A', 'Z') | m.eq('x') | m.eq(' ') | m.eq('-') | m.eq('(') | m.eq(')');
      block_ = block;
    }
    const std::uint64_t hits = (want ? mask_ : ~mask_) >> (i - block);
    if (hits) return i + static_cast<std::size_t>(__builtin_ctzll(hits));
    i = block + 64;
  }
#endif
  while (i < chunk_.size() && is_token_byte(chunk_[i]) != want) ++i;
  return i;
}

}  // namespace dlp
