#pragma once
#include <array>
#include <cstdint>

#include "common/counters.hpp"

namespace dlp {

// Why a packet was not decoded. Every malformed packet is counted under one
// reason and skipped.
enum class DecodeError {
  unsupported_linktype,
  truncated_link,
  vlan_too_deep,
  truncated_ipv4,
  bad_ipv4_header_length,
  bad_ipv4_total_length,
  truncated_ipv6,
  ipv6_too_many_headers,
  truncated_ipv6_header,
  bad_ip_version,
  tunnel_too_deep,
  truncated_tcp,
  bad_tcp_data_offset,
  truncated_udp,
  bad_udp_length,
  count_
};

struct DecodeStats {
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::uint64_t tcp = 0;
  std::uint64_t udp = 0;
  std::uint64_t other = 0;
  std::array<std::uint64_t, static_cast<std::size_t>(DecodeError::count_)> errors{};  // by DecodeError
  static constexpr Counter<DecodeStats> counters[] = {
      {"packets", &DecodeStats::packets, "packets read"},
      {"bytes", &DecodeStats::bytes, "bytes of the packets as captured"},
      {"tcp_packets", &DecodeStats::tcp, "TCP segments decoded"},
      {"udp_packets", &DecodeStats::udp, "UDP datagrams decoded (not inspected)"},
      {"other_packets", &DecodeStats::other, "ARP, ICMP, other protocols: decoded, not inspected"},
  };

  void count(DecodeError e) { ++errors[static_cast<std::size_t>(e)]; }
  std::uint64_t of(DecodeError e) const { return errors[static_cast<std::size_t>(e)]; }
  // The counters, and "decode_errors" with each reason that occurred.
  void write(StatsWriter& w) const;
  DecodeStats& operator+=(const DecodeStats& o);
};

}  // namespace dlp
