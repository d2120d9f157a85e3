#include "common/host_port.hpp"

#include <charconv>

namespace dlp {

bool parse_host_port(std::string_view spec, std::string& host, std::uint16_t& port) {
  const auto colon = spec.rfind(':');
  if (colon == std::string_view::npos) return false;
  std::string_view h = spec.substr(0, colon), p = spec.substr(colon + 1);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
  if (h.empty() || ec != std::errc() || end != p.data() + p.size() || value == 0 || value > 65535) return false;
  host = std::string(h);
  port = static_cast<std::uint16_t>(value);
  return true;
}

}  // namespace dlp
