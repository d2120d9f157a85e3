#include "dispatch/host_hash.hpp"

namespace dlp {

std::uint32_t fold_address(const IpAddress& a) {
  std::uint32_t folded = 0;
  for (std::size_t i = 0; i < a.size(); i += 4)
    folded ^= std::uint32_t{a.bytes[i]} << 24 | std::uint32_t{a.bytes[i + 1]} << 16 |
              std::uint32_t{a.bytes[i + 2]} << 8 | a.bytes[i + 3];
  return folded;
}

std::uint32_t host_hash(const IpAddress& src, const IpAddress& dst, const NetworkRoles& roles) {
  const int src_rank = roles.rank(src), dst_rank = roles.rank(dst);
  if (src_rank != dst_rank) return mix_key(fold_address(src_rank > dst_rank ? src : dst));
  return mix_key(fold_address(src) ^ fold_address(dst));
}

}  // namespace dlp
