#include "dispatch/host_hash.hpp"

namespace dlp {

std::uint32_t fold_address(const IpAddress& a) {
  std::uint32_t folded = 0;
  for (std::size_t i = 0; i < a.size(); i += 4)
    folded ^= std::uint32_t{a.bytes[i]} << 24 | std::uint32_t{a.bytes[i + 1]} << 16 |
              std::uint32_t{a.bytes[i + 2]} << 8 | a.bytes[i + 3];
  return folded;
}

std::uint32_t host_hash(const IpAddress& src, const IpAddress& dst, const HomeNetwork& home) {
  const bool src_inside = home.contains(src), dst_inside = home.contains(dst);
  if (src_inside != dst_inside) return mix_key(fold_address(src_inside ? src : dst));
  return mix_key(fold_address(src) ^ fold_address(dst));
}

}  // namespace dlp
