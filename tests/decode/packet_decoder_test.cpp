#include <gtest/gtest.h>
#include <pcap/dlt.h>

#include <vector>

#include "decode/packet_decoder.hpp"

namespace dlp {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes ipv4_tcp(std::string_view payload, std::uint8_t ihl = 5, std::uint8_t tcp_offset = 5) {
  Bytes p = {0x45, 0, 0, 0, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 8, 8, 8, 8};
  p[0] = 0x40 | ihl;
  p.resize(ihl * 4u, 0x01);  // options: NOPs
  Bytes tcp = {0x30, 0x39, 0, 80, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0x18, 0xff, 0xff, 0, 0, 0, 0};
  tcp[12] = static_cast<std::uint8_t>(tcp_offset << 4);
  tcp.resize(tcp_offset * 4u, 0x01);
  p.insert(p.end(), tcp.begin(), tcp.end());
  p.insert(p.end(), payload.begin(), payload.end());
  std::size_t total = p.size();
  p[2] = static_cast<std::uint8_t>(total >> 8);
  p[3] = static_cast<std::uint8_t>(total);
  return p;
}

Bytes ether(const Bytes& ip, std::vector<std::uint16_t> tags = {}, std::uint16_t type = 0x0800) {
  Bytes f(12, 0xAA);
  for (std::size_t i = 0; i < tags.size(); ++i) {
    std::uint16_t tpid = i + 1 < tags.size() ? 0x88A8 : 0x8100;
    f.insert(f.end(), {static_cast<std::uint8_t>(tpid >> 8), static_cast<std::uint8_t>(tpid), 0,
                       static_cast<std::uint8_t>(tags[i])});
  }
  f.insert(f.end(), {static_cast<std::uint8_t>(type >> 8), static_cast<std::uint8_t>(type)});
  f.insert(f.end(), ip.begin(), ip.end());
  return f;
}

class DecoderTest : public ::testing::Test {
 protected:
  // Keeps the frame, as a capture does, while `out` views it.
  PacketDecoder::Result decode(const Bytes& frame, int linktype = DLT_EN10MB) {
    frame_ = frame;
    RawPacket raw{{}, linktype, ByteSpan(frame_), static_cast<std::uint32_t>(frame_.size())};
    return decoder.decode(raw, out);
  }
  std::uint64_t errors(DecodeError e) const { return decoder.stats().of(e); }
  PacketDecoder decoder{DecodeConfig{}};
  DecodedPacket out;
  Bytes frame_;
};

TEST_F(DecoderTest, EthernetIpv4TcpWithOptions) {
  ASSERT_EQ(decode(ether(ipv4_tcp("data", 6, 8))), PacketDecoder::Result::tcp);
  EXPECT_EQ(out.src.ip.to_string(), "10.0.0.1");
  EXPECT_EQ(out.dst.ip.to_string(), "8.8.8.8");
  EXPECT_EQ(out.src.port, 12345);
  EXPECT_EQ(out.dst.port, 80);
  EXPECT_EQ(out.seq, 100u);
  EXPECT_EQ(as_chars(out.payload), "data");
}

TEST_F(DecoderTest, EthernetPaddingIsNotPayload) {
  Bytes f = ether(ipv4_tcp("ab"));
  f.insert(f.end(), 10, 0);  // minimum frame padding
  ASSERT_EQ(decode(f), PacketDecoder::Result::tcp);
  EXPECT_EQ(as_chars(out.payload), "ab");
}

TEST_F(DecoderTest, QinQAndDepthLimit) {
  EXPECT_EQ(decode(ether(ipv4_tcp("x"), {10, 20, 30})), PacketDecoder::Result::tcp);
  EXPECT_EQ(decode(ether(ipv4_tcp("x"), std::vector<std::uint16_t>(9, 1))), PacketDecoder::Result::malformed);
  EXPECT_EQ(errors(DecodeError::vlan_too_deep), 1u);
}

TEST_F(DecoderTest, LinkTypes) {
  Bytes ip = ipv4_tcp("x");
  EXPECT_EQ(decode(ip, DLT_RAW), PacketDecoder::Result::tcp);
  EXPECT_EQ(decode(ip, 228), PacketDecoder::Result::tcp);  // LINKTYPE_IPV4
  Bytes null_frame = {2, 0, 0, 0};
  null_frame.insert(null_frame.end(), ip.begin(), ip.end());
  EXPECT_EQ(decode(null_frame, DLT_NULL), PacketDecoder::Result::tcp);
  Bytes loop_frame = {0, 0, 0, 2};
  loop_frame.insert(loop_frame.end(), ip.begin(), ip.end());
  EXPECT_EQ(decode(loop_frame, DLT_LOOP), PacketDecoder::Result::tcp);
  Bytes sll(14, 0);
  sll.insert(sll.end(), {0x08, 0x00});
  sll.insert(sll.end(), ip.begin(), ip.end());
  EXPECT_EQ(decode(sll, DLT_LINUX_SLL), PacketDecoder::Result::tcp);
  Bytes sll2 = {0x08, 0x00};
  sll2.resize(20, 0);
  sll2.insert(sll2.end(), ip.begin(), ip.end());
  EXPECT_EQ(decode(sll2, 276), PacketDecoder::Result::tcp);
  EXPECT_EQ(decode(ip, 147), PacketDecoder::Result::malformed);
  EXPECT_EQ(errors(DecodeError::unsupported_linktype), 1u);
}

TEST_F(DecoderTest, PppWithAndWithoutProtocolCompression) {
  Bytes ip = ipv4_tcp("ppp");
  Bytes full = {0xFF, 0x03, 0x00, 0x21};
  full.insert(full.end(), ip.begin(), ip.end());
  EXPECT_EQ(decode(full, DLT_PPP), PacketDecoder::Result::tcp);
  Bytes compressed = {0x21};
  compressed.insert(compressed.end(), ip.begin(), ip.end());
  ASSERT_EQ(decode(compressed, DLT_PPP), PacketDecoder::Result::tcp);
  EXPECT_EQ(as_chars(out.payload), "ppp");
}

// The PPPoE session length bounds the IP packet inside it.
TEST_F(DecoderTest, PppoeLengthBoundsTheIpPacket) {
  Bytes ip = ipv4_tcp("abc");
  auto session = [&](std::size_t ppp_len) {
    Bytes s = {0x11, 0x00, 0x00, 0x01, static_cast<std::uint8_t>(ppp_len >> 8), static_cast<std::uint8_t>(ppp_len),
               0x00, 0x21};
    s.insert(s.end(), ip.begin(), ip.end());
    s.insert(s.end(), 6, 0);  // trailer the IP length does not cover
    return ether(s, {}, 0x8864);
  };
  ASSERT_EQ(decode(session(ip.size() + 2)), PacketDecoder::Result::tcp);
  EXPECT_EQ(as_chars(out.payload), "abc");
  EXPECT_EQ(decode(session(ip.size() - 4)), PacketDecoder::Result::malformed);
  EXPECT_EQ(errors(DecodeError::truncated_ipv4), 1u);
  EXPECT_EQ(decode(session(ip.size() + 100)), PacketDecoder::Result::malformed);
  EXPECT_EQ(errors(DecodeError::truncated_link), 1u);
}

TEST_F(DecoderTest, Ipv6ExtensionHeaderChain) {
  Bytes ip4 = ipv4_tcp("v6!");
  Bytes tcp(ip4.begin() + 20, ip4.end());
  Bytes hop = {60, 0, 1, 4, 0, 0, 0, 0};                           // hop-by-hop, next: destination options
  Bytes dest = {43, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};  // 16 bytes, next: routing
  Bytes routing = {6, 0, 0, 0, 0, 0, 0, 0};                        // next: TCP
  Bytes p = {0x60, 0, 0, 0, 0, 0, 0, 64};
  for (int i = 0; i < 32; ++i) p.push_back(static_cast<std::uint8_t>(i));
  std::size_t len = hop.size() + dest.size() + routing.size() + tcp.size();
  p[4] = static_cast<std::uint8_t>(len >> 8);
  p[5] = static_cast<std::uint8_t>(len);
  for (const Bytes* b : {&hop, &dest, &routing, &tcp}) p.insert(p.end(), b->begin(), b->end());
  ASSERT_EQ(decode(ether(p, {}, 0x86DD)), PacketDecoder::Result::tcp);
  EXPECT_TRUE(out.src.ip.v6);
  EXPECT_EQ(as_chars(out.payload), "v6!");
  ASSERT_EQ(decode(p, 229), PacketDecoder::Result::tcp);  // LINKTYPE_IPV6
  EXPECT_EQ(as_chars(out.payload), "v6!");
}

TEST_F(DecoderTest, MalformedPacketsAreCountedByReason) {
  Bytes ok = ether(ipv4_tcp("x"));
  EXPECT_EQ(decode(Bytes(ok.begin(), ok.begin() + 10)), PacketDecoder::Result::malformed);
  EXPECT_EQ(errors(DecodeError::truncated_link), 1u);
  EXPECT_EQ(decode(Bytes(ok.begin(), ok.begin() + 30)), PacketDecoder::Result::malformed);
  EXPECT_EQ(errors(DecodeError::truncated_ipv4), 1u);

  Bytes bad_ihl = ok;
  bad_ihl[14] = 0x43;
  EXPECT_EQ(decode(bad_ihl), PacketDecoder::Result::malformed);
  EXPECT_EQ(errors(DecodeError::bad_ipv4_header_length), 1u);

  Bytes long_total = ok;
  long_total[16 + 0] = 0x10;  // total length 4096+: past the captured bytes
  EXPECT_EQ(decode(long_total), PacketDecoder::Result::malformed);
  EXPECT_EQ(errors(DecodeError::truncated_ipv4), 2u);

  Bytes bad_offset = ok;
  bad_offset[14 + 20 + 12] = 0x20;  // data offset 2 words
  EXPECT_EQ(decode(bad_offset), PacketDecoder::Result::malformed);
  EXPECT_EQ(errors(DecodeError::bad_tcp_data_offset), 1u);

  Bytes tcp_past_end = ether(ipv4_tcp("", 5, 15));
  tcp_past_end.resize(tcp_past_end.size() - 8);
  tcp_past_end[14 + 3] -= 8;  // IP total length agrees with what was cut
  EXPECT_EQ(decode(tcp_past_end), PacketDecoder::Result::malformed);
  EXPECT_EQ(errors(DecodeError::truncated_tcp), 1u);
  EXPECT_EQ(decoder.stats().packets, 6u);
}

TEST_F(DecoderTest, FragmentsAreReassembledBeforeTcp) {
  Bytes whole = ipv4_tcp("0123456789abcdef");
  Bytes l4(whole.begin() + 20, whole.end());  // 36 bytes of TCP
  auto fragment = [&](std::size_t off, std::size_t len, bool more) {
    Bytes p(whole.begin(), whole.begin() + 20);
    p[6] = static_cast<std::uint8_t>((more ? 0x20 : 0) | ((off / 8) >> 8));
    p[7] = static_cast<std::uint8_t>(off / 8);
    p.insert(p.end(), l4.begin() + off, l4.begin() + off + len);
    p[2] = 0;
    p[3] = static_cast<std::uint8_t>(p.size());
    return ether(p);
  };
  EXPECT_EQ(decode(fragment(24, 12, false)), PacketDecoder::Result::fragment_held);
  ASSERT_EQ(decode(fragment(0, 24, true)), PacketDecoder::Result::tcp);
  EXPECT_EQ(as_chars(out.payload), "0123456789abcdef");
  EXPECT_EQ(decoder.defrag_stats().reassembled, 1u);
}

}  // namespace
}  // namespace dlp
