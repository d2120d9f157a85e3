#include "common/flow_key.hpp"

#include <cstring>

namespace dlp {

FlowKey FlowKey::of(const Endpoint& src, const Endpoint& dst, std::uint8_t proto, bool& src_is_lo) {
  src_is_lo = !(dst < src);
  return src_is_lo ? FlowKey{src, dst, proto} : FlowKey{dst, src, proto};
}

namespace {
// FNV-1a over the key's bytes; the key is small, so this is cheap and spreads
// addresses that differ only in their low bytes.
std::uint64_t mix(std::uint64_t h, const void* p, std::size_t n) {
  auto* b = static_cast<const std::uint8_t*>(p);
  for (std::size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 0x100000001b3ULL;
  return h;
}
}  // namespace

std::size_t FlowKeyHash::operator()(const FlowKey& k) const noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  h = mix(h, k.lo.ip.bytes.data(), k.lo.ip.size());
  h = mix(h, k.hi.ip.bytes.data(), k.hi.ip.size());
  h = mix(h, &k.lo.port, sizeof k.lo.port);
  h = mix(h, &k.hi.port, sizeof k.hi.port);
  h = mix(h, &k.proto, 1);
  return static_cast<std::size_t>(h ^ (h >> 29));
}

}  // namespace dlp
