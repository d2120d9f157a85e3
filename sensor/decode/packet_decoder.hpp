#pragma once
#include "capture/raw_packet.hpp"
#include "decode/decode_stats.hpp"
#include "decode/ip_defragmenter.hpp"
#include "decode/packet.hpp"

namespace dlp {

struct DecodeConfig {
  int max_vlan_depth = 8;
  int max_tunnel_depth = 2;  // IP-in-IP / IPv6-in-IPv4 nesting
  int max_ipv6_headers = 16;
  DefragConfig defrag;
  bool addresses_only = false;  // stop at the first IP header's addresses (to choose a worker)
};

// Decodes link, VLAN/MPLS/PPPoE, IPv4/IPv6 (with extension headers, tunnels
// and fragments) and TCP/UDP headers into a DecodedPacket that views the
// frame. Every bound is checked against the captured length; a packet that
// fails a check is counted under its reason and reported as malformed.
class PacketDecoder {
 public:
  enum class Result { tcp, udp, other, fragment_held, malformed };

  explicit PacketDecoder(const DecodeConfig& config) : config_(config), defrag_(config.defrag) {}

  Result decode(const RawPacket& raw, DecodedPacket& out);
  void expire(Timestamp now) { defrag_.expire(now); }

  const DecodeStats& stats() const { return stats_; }
  const DefragStats& defrag_stats() const { return defrag_.stats(); }

 private:
  Result link_ethernet(ByteSpan d, DecodedPacket& out);
  Result by_ethertype(std::uint16_t type, ByteSpan d, DecodedPacket& out, int vlan_depth);
  Result ip_any(ByteSpan d, DecodedPacket& out, int depth);
  Result ipv4(ByteSpan d, DecodedPacket& out, int depth);
  Result ipv6(ByteSpan d, DecodedPacket& out, int depth);
  Result ipv6_chain(std::uint8_t next, ByteSpan d, DecodedPacket& out, int depth);
  Result transport(std::uint8_t proto, ByteSpan d, DecodedPacket& out, int depth);
  Result fail(DecodeError e) {
    stats_.count(e);
    return Result::malformed;
  }

  DecodeConfig config_;
  IpDefragmenter defrag_;
  DecodeStats stats_;
};

}  // namespace dlp
