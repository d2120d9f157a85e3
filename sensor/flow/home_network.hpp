#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "common/direction.hpp"
#include "common/ip_address.hpp"

namespace dlp {

// The address blocks that are "inside". Data sent from inside to outside is
// outbound: what a DLP sensor exists to see.
class HomeNetwork {
 public:
  static constexpr std::string_view kDefault =
      "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,127.0.0.0/8,169.254.0.0/16,"
      "fc00::/7,fe80::/10,::1/128";

  // Parses a comma-separated CIDR list; on error returns false and names the
  // offending entry in `error`.
  bool parse(std::string_view list, std::string& error);
  bool contains(const IpAddress& a) const;
  const std::vector<Cidr>& blocks() const { return blocks_; }

 private:
  std::vector<Cidr> blocks_;
};

// Where data from `sender` to `receiver` goes, seen from the home networks.
Direction direction_of(const HomeNetwork& home, const IpAddress& sender, const IpAddress& receiver);

}  // namespace dlp
