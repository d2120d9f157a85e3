#pragma once
#include <cstdint>
#include <string>

#include "common/flow_key.hpp"

namespace dlp {

// The Community ID (v1) of a flow, as Zeek, Suricata and Arkime write it,
// so that an alert joins the same connection in their logs: "1:" and the
// base64 of the SHA-1 of the seed, both addresses, the IP protocol and both
// ports (for ICMP and ICMPv6: the type and the code, or the type of the
// answer for a request), the lower endpoint first; the same for both
// directions. `src` and `dst` are one packet's.
std::string community_id(const Endpoint& src, const Endpoint& dst, std::uint8_t ip_proto, std::uint16_t seed = 0);

namespace ip_proto {
inline constexpr std::uint8_t icmp = 1, tcp = 6, udp = 17, icmpv6 = 58, sctp = 132;
}

}  // namespace dlp
