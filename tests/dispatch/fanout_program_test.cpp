// The kernel's fanout program computes the same worker hash as the
// userspace dispatcher: run through libpcap's BPF interpreter over every
// frame of real and generated captures, it must return host_hash() of the
// frame's addresses.
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <set>

#include "capture/packet_source.hpp"
#include "decode/packet_decoder.hpp"
#include "dispatch/fanout_program.hpp"
#include "dispatch/host_hash.hpp"
#include "e2e/sensor_run.hpp"

namespace dlp {
namespace {

using test::bundled;
using test::generated;

NetworkRoles roles_of(std::string_view home, std::string_view servers = "") {
  NetworkRoles roles;
  std::string why;
  EXPECT_TRUE(roles.home.parse(home, why)) << why;
  EXPECT_TRUE(roles.servers.parse(servers, why)) << why;
  return roles;
}

std::vector<bpf_insn> for_libpcap(const std::vector<sock_filter>& program) {
  std::vector<bpf_insn> out;
  for (const sock_filter& f : program) out.push_back({f.code, f.jt, f.jf, f.k});
  return out;
}

// The kernel hands packet sockets a frame without its outer 802.1Q tag
// (carried beside it), so the program is run on the frame as it sees it.
std::vector<std::uint8_t> as_the_kernel_sees(ByteSpan frame) {
  std::vector<std::uint8_t> f(frame.begin(), frame.end());
  if (f.size() >= 18 && f[12] == 0x81 && f[13] == 0x00) f.erase(f.begin() + 12, f.begin() + 16);
  return f;
}

struct Sweep {
  std::size_t v4 = 0, v6 = 0, other = 0;
  std::size_t v6_one_inside = 0, pairs = 0;  // IPv6 packets with one end inside; packets with both or neither
  std::set<std::uint32_t> hashes;
};

Sweep check_capture(const std::string& pcap, const NetworkRoles& roles) {
  const auto program = for_libpcap(fanout_program(roles, PacketView::ethernet));
  DecodeConfig only_addresses;
  only_addresses.addresses_only = true;
  PacketDecoder decoder(only_addresses);
  CaptureConfig config;
  config.read_files = {pcap};
  PacketSource source(config);
  RawPacket raw;
  Sweep sweep;
  while (source.next(raw) == PacketSource::Status::packet) {
    if (raw.linktype != DLT_EN10MB) continue;
    const auto frame = as_the_kernel_sees(raw.data);
    const auto len = static_cast<u_int>(frame.size());
    const std::uint32_t got = bpf_filter(program.data(), frame.data(), len, len);
    const std::uint16_t type = frame.size() >= 14 ? frame[12] << 8 | frame[13] : 0;
    if (type != 0x0800 && type != 0x86DD) {
      EXPECT_EQ(got, 0u) << pcap;  // MPLS, PPPoE, a second tag: all to the first socket
      ++sweep.other;
      continue;
    }
    DecodedPacket p;
    decoder.decode({raw.ts, raw.linktype, ByteSpan(frame), raw.wire_length}, p);
    EXPECT_EQ(got, host_hash(p.src.ip, p.dst.ip, roles))
        << pcap << " " << p.src.ip.to_string() << " > " << p.dst.ip.to_string();
    ++(type == 0x0800 ? sweep.v4 : sweep.v6);
    const bool one_inside = roles.rank(p.src.ip) != roles.rank(p.dst.ip);
    sweep.v6_one_inside += type == 0x86DD && one_inside;
    sweep.pairs += !one_inside;
    sweep.hashes.insert(got);
  }
  EXPECT_TRUE(source.errors().empty()) << pcap;
  return sweep;
}

const char* const kDefaultHome =
    "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,127.0.0.0/8,169.254.0.0/16,fc00::/7,fe80::/10,::1/128";
// Blocks whose masks end inside a word, and host routes.
const char* const kOddHome =
    "10.1.1.10/32,192.168.0.0/23,2001:db8::/33,fd00::10/128,fd00:0:0:1::/127,2001:470:1f11:81e::/63";

TEST(FanoutProgram, ComputesTheDispatchHashOfEveryFrame) {
  // Empty prefixes too: every IPv4 or every IPv6 address inside.
  // And server blocks: a server is ranked below a workstation, above the outside.
  const std::pair<const char*, const char*> kRoles[] = {{kDefaultHome, ""},
                                                        {kOddHome, ""},
                                                        {"0.0.0.0/0", ""},
                                                        {"::/0", ""},
                                                        {kDefaultHome, "10.2.2.20,203.0.113.0/24,fd00::/64"},
                                                        {kOddHome, "10.1.1.10,2001:db8::/32"}};
  for (const auto& [home, servers] : kRoles) {
    SCOPED_TRACE(std::string(home) + " / " + servers);
    const NetworkRoles roles = roles_of(home, servers);
    Sweep total;
    for (const std::string& pcap :
         {generated("ipv4_fragments.pcap"), generated("ipv6_vlan.pcap"), generated("ftp_active.pcap"),
          generated("smtp_attachment.pcap"), generated("internal.pcap"), bundled("ppp_tcp-reassembly.pcap"),
          bundled("sv_tcp-fastopen.pcap"), bundled("zeek_payload-syn.pcap"), bundled("zeek_ftp-ipv6.pcap")}) {
      const Sweep s = check_capture(pcap, roles);
      total.v4 += s.v4;
      total.v6 += s.v6;
      total.pairs += s.pairs;
    }
    EXPECT_GT(total.v4, 100u);
    EXPECT_GT(total.v6, 100u);
    EXPECT_GT(total.pairs, 10u);
  }
  // The IPv6 client is inside: the path for one inside end.
  EXPECT_GT(check_capture(bundled("zeek_ftp-ipv6.pcap"), roles_of(kOddHome)).v6_one_inside, 100u);
}

// One inside host talking to three outside servers: one hash, so one worker.
TEST(FanoutProgram, KeepsAHostsFlowsTogether) {
  const Sweep s = check_capture(generated("host_three_flows.pcap"), roles_of(kDefaultHome));
  EXPECT_GT(s.v4, 0u);
  EXPECT_EQ(s.hashes.size(), 1u);
}

TEST(HostHash, IsTheInsideHostsOrThePairs) {
  const NetworkRoles home = roles_of(kDefaultHome);
  const auto ip = [](const char* text) { return *IpAddress::parse(text); };
  const auto inside = ip("10.1.1.10"), server_a = ip("203.0.113.10"), server_b = ip("198.51.100.7");
  EXPECT_EQ(host_hash(inside, server_a, home), mix_key(0x0A01010A));
  EXPECT_EQ(host_hash(server_b, inside, home), mix_key(0x0A01010A));
  EXPECT_EQ(host_hash(server_a, server_b, home), mix_key(0xCB00710A ^ 0xC6336407));
  EXPECT_EQ(host_hash(server_b, server_a, home), host_hash(server_a, server_b, home));
  const auto v6 = ip("fd00::10"), outside6 = ip("2001:db8::1");
  EXPECT_EQ(host_hash(outside6, v6, home), mix_key(0xFD000000 ^ 0x10));
  EXPECT_EQ(mix_key(0), 0u);  // what the program returns for a frame that is not IP
}

// A workstation's retrievals from several servers and a server's uploads
// to the outside each stay on one worker.
TEST(HostHash, IsTheWorkstationsBeforeTheServers) {
  const NetworkRoles roles = roles_of(kDefaultHome, "10.9.0.0/16");
  const auto ip = [](const char* text) { return *IpAddress::parse(text); };
  const auto workstation = ip("10.1.1.10"), crm = ip("10.9.0.5"), his = ip("10.9.0.6"), outside = ip("8.8.8.8");
  EXPECT_EQ(host_hash(crm, workstation, roles), mix_key(0x0A01010A));
  EXPECT_EQ(host_hash(workstation, his, roles), mix_key(0x0A01010A));
  EXPECT_EQ(host_hash(crm, outside, roles), mix_key(0x0A090005));
  EXPECT_EQ(host_hash(crm, his, roles), mix_key(0x0A090005 ^ 0x0A090006));
}

}  // namespace
}  // namespace dlp
