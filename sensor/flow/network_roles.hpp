#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "common/direction.hpp"
#include "common/ip_address.hpp"

namespace dlp {

// A list of address blocks.
class AddressBlocks {
 public:
  // Parses a comma-separated CIDR list; on error returns false and names the
  // offending entry in `error`.
  bool parse(std::string_view list, std::string& error);
  bool contains(const IpAddress& a) const;
  const std::vector<Cidr>& blocks() const { return blocks_; }

 private:
  std::vector<Cidr> blocks_;
};

// Who is who on the wire. The home networks are inside: data sent from
// inside to outside is outbound, what a DLP sensor exists to see. The
// server networks (inside too) hold the internal systems with personal
// data; what one of them sends to another inside host (a workstation) is
// a retrieval, where an insider's leak starts.
struct NetworkRoles {
  static constexpr std::string_view kDefaultHome =
      "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,127.0.0.0/8,169.254.0.0/16,"
      "fc00::/7,fe80::/10,::1/128";

  AddressBlocks home;
  AddressBlocks servers;

  bool is_server(const IpAddress& a) const { return servers.contains(a); }
  bool inside(const IpAddress& a) const { return home.contains(a) || is_server(a); }
  // Which end's host a flow belongs to (its summaries, its worker): the
  // higher rank's. A workstation (inside, not a server) is 2, a server 1,
  // an outside host 0.
  int rank(const IpAddress& a) const { return is_server(a) ? 1 : home.contains(a) ? 2 : 0; }
  // Where data from `sender` to `receiver` goes.
  Direction direction_of(const IpAddress& sender, const IpAddress& receiver) const;
};

}  // namespace dlp
