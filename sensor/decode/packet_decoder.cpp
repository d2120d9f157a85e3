#include "decode/packet_decoder.hpp"

#include <pcap/dlt.h>

namespace dlp {

namespace {

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t be32(const std::uint8_t* p) {
  return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}

constexpr std::uint16_t kEtherIpv4 = 0x0800, kEtherIpv6 = 0x86DD, kEtherVlan = 0x8100, kEtherQinQ = 0x88A8,
                        kEtherQinQOld = 0x9100, kEtherMpls = 0x8847, kEtherPppoe = 0x8864;
constexpr std::uint16_t kPppIpv4 = 0x0021, kPppIpv6 = 0x0057;
constexpr std::uint8_t kProtoIpip = 4, kProtoIpv6 = 41;
constexpr int kDltIpv4 = 228, kDltIpv6 = 229, kDltSll2 = 276;
constexpr std::uint8_t kTcpOptionFastOpen = 34;
constexpr std::uint8_t kTcpOptionExperimental = 254;  // RFC 6994: TFO before it had a kind (magic F989)

bool tcp_has_fast_open(ByteSpan options) {
  for (std::size_t i = 0; i < options.size();) {
    std::uint8_t kind = options[i];
    if (kind == 0) break;
    if (kind == 1) {
      ++i;
      continue;
    }
    if (i + 1 >= options.size() || options[i + 1] < 2) break;
    if (kind == kTcpOptionFastOpen) return true;
    if (kind == kTcpOptionExperimental && options[i + 1] >= 4 && i + 3 < options.size() && options[i + 2] == 0xF9 &&
        options[i + 3] == 0x89)
      return true;
    i += options[i + 1];
  }
  return false;
}

}  // namespace

PacketDecoder::Result PacketDecoder::decode(const RawPacket& raw, DecodedPacket& out) {
  ++stats_.packets;
  stats_.bytes += raw.wire_length;
  out = DecodedPacket{};
  out.ts = raw.ts;
  ByteSpan d = raw.data;
  switch (raw.linktype) {
    case DLT_EN10MB: return link_ethernet(d, out);
    case DLT_LINUX_SLL:
      if (d.size() < 16) return fail(DecodeError::truncated_link);
      return by_ethertype(be16(&d[14]), d.subspan(16), out, 0);
    case kDltSll2:
      if (d.size() < 20) return fail(DecodeError::truncated_link);
      return by_ethertype(be16(&d[0]), d.subspan(20), out, 0);
    case DLT_RAW:
    case kDltIpv4:
    case kDltIpv6: return ip_any(d, out, 0);
    case DLT_NULL:
    case DLT_LOOP:
      // The family is in the capturing host's byte order for NULL, network
      // order for LOOP; IPv4 is 2 everywhere, IPv6 differs between BSDs, so
      // the IP version nibble decides.
      if (d.size() < 4) return fail(DecodeError::truncated_link);
      return ip_any(d.subspan(4), out, 0);
    case DLT_PPP: {
      if (d.size() >= 2 && d[0] == 0xFF && d[1] == 0x03) d = d.subspan(2);  // address, control
      if (d.empty()) return fail(DecodeError::truncated_link);
      // Protocol field compression (RFC 1661): an odd first byte is the whole field.
      std::size_t field = d[0] & 0x01 ? 1 : 2;
      if (d.size() < field) return fail(DecodeError::truncated_link);
      std::uint16_t proto = field == 1 ? d[0] : be16(&d[0]);
      return by_ethertype(proto == kPppIpv4   ? kEtherIpv4
                          : proto == kPppIpv6 ? kEtherIpv6
                                              : 0,
                          d.subspan(field), out, 0);
    }
    default: return fail(DecodeError::unsupported_linktype);
  }
}

PacketDecoder::Result PacketDecoder::link_ethernet(ByteSpan d, DecodedPacket& out) {
  if (d.size() < 14) return fail(DecodeError::truncated_link);
  return by_ethertype(be16(&d[12]), d.subspan(14), out, 0);
}

PacketDecoder::Result PacketDecoder::by_ethertype(std::uint16_t type, ByteSpan d, DecodedPacket& out, int vlan_depth) {
  switch (type) {
    case kEtherIpv4:
    case kEtherIpv6: return ip_any(d, out, 0);
    case kEtherVlan:
    case kEtherQinQ:
    case kEtherQinQOld:
      if (vlan_depth >= config_.max_vlan_depth) return fail(DecodeError::vlan_too_deep);
      if (d.size() < 4) return fail(DecodeError::truncated_link);
      return by_ethertype(be16(&d[2]), d.subspan(4), out, vlan_depth + 1);
    case kEtherMpls:
      // Labels until the bottom-of-stack bit; the payload's version nibble
      // says whether IPv4 or IPv6 follows.
      for (int labels = 0;; ++labels) {
        if (labels >= config_.max_vlan_depth) return fail(DecodeError::vlan_too_deep);
        if (d.size() < 4) return fail(DecodeError::truncated_link);
        bool bottom = d[2] & 0x01;
        d = d.subspan(4);
        if (bottom) return ip_any(d, out, 0);
      }
    case kEtherPppoe: {
      // The session header's length bounds the PPP frame: an IP header that
      // claims more is malformed, as it is for the access concentrator.
      if (d.size() < 8) return fail(DecodeError::truncated_link);
      std::size_t ppp_len = be16(&d[4]);
      if (ppp_len < 2 || 6 + ppp_len > d.size()) return fail(DecodeError::truncated_link);
      ByteSpan ip = d.subspan(8, ppp_len - 2);
      switch (be16(&d[6])) {
        case kPppIpv4: return ipv4(ip, out, 0);
        case kPppIpv6: return ipv6(ip, out, 0);
        default: break;
      }
    }
      [[fallthrough]];
    default: ++stats_.other; return Result::other;
  }
}

PacketDecoder::Result PacketDecoder::ip_any(ByteSpan d, DecodedPacket& out, int depth) {
  if (d.empty()) return fail(DecodeError::truncated_ipv4);
  switch (d[0] >> 4) {
    case 4: return ipv4(d, out, depth);
    case 6: return ipv6(d, out, depth);
    default: return fail(DecodeError::bad_ip_version);
  }
}

PacketDecoder::Result PacketDecoder::ipv4(ByteSpan d, DecodedPacket& out, int depth) {
  if (d.size() < 20) return fail(DecodeError::truncated_ipv4);
  if ((d[0] >> 4) != 4) return fail(DecodeError::bad_ip_version);
  std::size_t header_len = (d[0] & 0x0F) * 4u;
  if (header_len < 20) return fail(DecodeError::bad_ipv4_header_length);
  if (header_len > d.size()) return fail(DecodeError::truncated_ipv4);
  std::size_t total = be16(&d[2]);
  if (total == 0) total = d.size();  // segmentation offload: the NIC fills the length in later
  if (total < header_len) return fail(DecodeError::bad_ipv4_total_length);
  if (total > d.size()) return fail(DecodeError::truncated_ipv4);
  d = d.first(total);  // drop link-layer padding

  out.src.ip = IpAddress::v4_from(&d[12]);
  out.dst.ip = IpAddress::v4_from(&d[16]);
  if (config_.addresses_only) return Result::other;
  std::uint8_t proto = d[9];
  std::uint16_t frag = be16(&d[6]);
  bool more = frag & 0x2000;
  std::uint32_t offset = (frag & 0x1FFFu) * 8u;
  ByteSpan payload = d.subspan(header_len);
  if (more || offset) {
    Fragment f{{out.src.ip, out.dst.ip, be16(&d[4]), proto}, offset, more, proto, payload};
    Datagram whole;
    if (!defrag_.add(f, out.ts, whole)) return Result::fragment_held;
    return transport(whole.proto, whole.payload, out, depth);
  }
  return transport(proto, payload, out, depth);
}

PacketDecoder::Result PacketDecoder::ipv6(ByteSpan d, DecodedPacket& out, int depth) {
  if (d.size() < 40) return fail(DecodeError::truncated_ipv6);
  if ((d[0] >> 4) != 6) return fail(DecodeError::bad_ip_version);
  std::size_t payload_len = be16(&d[4]);
  if (payload_len == 0 && d[6] == 0) payload_len = d.size() - 40;  // jumbogram (RFC 2675)
  if (40 + payload_len > d.size()) return fail(DecodeError::truncated_ipv6);
  out.src.ip = IpAddress::v6_from(&d[8]);
  out.dst.ip = IpAddress::v6_from(&d[24]);
  if (config_.addresses_only) return Result::other;
  return ipv6_chain(d[6], d.subspan(40, payload_len), out, depth);
}

PacketDecoder::Result PacketDecoder::ipv6_chain(std::uint8_t next, ByteSpan d, DecodedPacket& out, int depth) {
  for (int n = 0; n < config_.max_ipv6_headers; ++n) {
    std::size_t len;
    switch (next) {
      case 0:    // hop-by-hop
      case 43:   // routing
      case 60:   // destination options
      case 135:  // mobility
      case 139:  // HIP
      case 140:  // shim6
        if (d.size() < 8) return fail(DecodeError::truncated_ipv6_header);
        len = (d[1] + 1u) * 8u;
        break;
      case 51:  // authentication header
        if (d.size() < 8) return fail(DecodeError::truncated_ipv6_header);
        len = (d[1] + 2u) * 4u;
        break;
      case 44: {  // fragment
        if (d.size() < 8) return fail(DecodeError::truncated_ipv6_header);
        std::uint32_t offset = be16(&d[2]) & 0xFFF8u;
        bool more = d[3] & 0x01;
        if (offset == 0 && !more) {  // atomic fragment (RFC 6946): not really fragmented
          next = d[0];
          d = d.subspan(8);
          continue;
        }
        Fragment f{{out.src.ip, out.dst.ip, be32(&d[4]), 0}, offset, more, d[0], d.subspan(8)};
        Datagram whole;
        if (!defrag_.add(f, out.ts, whole)) return Result::fragment_held;
        next = whole.proto;
        d = whole.payload;
        continue;
      }
      default: return transport(next, d, out, depth);
    }
    if (len > d.size()) return fail(DecodeError::truncated_ipv6_header);
    next = d[0];
    d = d.subspan(len);
  }
  return fail(DecodeError::ipv6_too_many_headers);
}

PacketDecoder::Result PacketDecoder::transport(std::uint8_t proto, ByteSpan d, DecodedPacket& out, int depth) {
  switch (proto) {
    case kProtoTcp: {
      if (d.size() < 20) return fail(DecodeError::truncated_tcp);
      std::size_t header_len = (d[12] >> 4) * 4u;
      if (header_len < 20) return fail(DecodeError::bad_tcp_data_offset);
      if (header_len > d.size()) return fail(DecodeError::truncated_tcp);
      out.proto = kProtoTcp;
      out.src.port = be16(&d[0]);
      out.dst.port = be16(&d[2]);
      out.seq = be32(&d[4]);
      out.ack = be32(&d[8]);
      out.tcp_flags = d[13];
      if (out.has(tcp_flag::syn)) out.tcp_fast_open = tcp_has_fast_open(d.subspan(20, header_len - 20));
      out.payload = d.subspan(header_len);
      ++stats_.tcp;
      return Result::tcp;
    }
    case kProtoUdp: {
      if (d.size() < 8) return fail(DecodeError::truncated_udp);
      std::size_t len = be16(&d[4]);
      if (len < 8 || len > d.size()) return fail(DecodeError::bad_udp_length);
      out.proto = kProtoUdp;
      out.src.port = be16(&d[0]);
      out.dst.port = be16(&d[2]);
      out.payload = d.subspan(8, len - 8);
      ++stats_.udp;
      return Result::udp;
    }
    case kProtoIpip:
    case kProtoIpv6:
      if (depth >= config_.max_tunnel_depth) return fail(DecodeError::tunnel_too_deep);
      return proto == kProtoIpip ? ipv4(d, out, depth + 1) : ipv6(d, out, depth + 1);
    default: ++stats_.other; return Result::other;
  }
}

}  // namespace dlp
