#pragma once
#include <cstdint>

#include "common/ip_address.hpp"
#include "flow/network_roles.hpp"

namespace dlp {

// Which worker a packet belongs to, as a 32-bit hash: of the end with the
// higher NetworkRoles::rank (a workstation before a server before an outside
// host, so one worker sees all of a host's flows and sums them), else of the
// address pair. It is the same for both directions and
// for every fragment of a datagram, since it reads only addresses. The
// kernel computes the same value in the fanout program (fanout_program.hpp).
std::uint32_t host_hash(const IpAddress& src, const IpAddress& dst, const NetworkRoles& roles);

// The address as one 32-bit word: IPv4 as read in network order, IPv6 as its
// four words exclusive-or'ed.
std::uint32_t fold_address(const IpAddress& a);

// Spreads a folded key over all 32 bits, so that the kernel's "hash modulo
// sockets" depends on more than the key's lowest bits.
constexpr std::uint32_t kMixMultiplier = 0x9E3779B1u;  // Knuth's multiplicative constant
constexpr std::uint32_t kMixShift = 16;
constexpr std::uint32_t mix_key(std::uint32_t key) {
  key *= kMixMultiplier;
  return key ^ (key >> kMixShift);
}

}  // namespace dlp
