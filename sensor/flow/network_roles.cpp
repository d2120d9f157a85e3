#include "flow/network_roles.hpp"

namespace dlp {

bool AddressBlocks::parse(std::string_view list, std::string& error) {
  blocks_.clear();
  while (!list.empty()) {
    auto comma = list.find(',');
    auto item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    auto cidr = Cidr::parse(item);
    if (!cidr) {
      error = "'" + std::string(item) + "' is not an address or CIDR block";
      return false;
    }
    blocks_.push_back(*cidr);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return true;
}

bool AddressBlocks::contains(const IpAddress& a) const {
  for (const auto& b : blocks_)
    if (b.contains(a)) return true;
  return false;
}

Direction NetworkRoles::direction_of(const IpAddress& sender, const IpAddress& receiver) const {
  const bool from_inside = inside(sender), to_inside = inside(receiver);
  if (from_inside && !to_inside) return Direction::outbound;
  if (!from_inside && to_inside) return Direction::inbound;
  if (!from_inside) return Direction::external;
  return is_server(sender) && !is_server(receiver) ? Direction::retrieval : Direction::internal;
}

}  // namespace dlp
