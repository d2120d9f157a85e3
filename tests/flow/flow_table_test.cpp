#include <gtest/gtest.h>

#include <vector>

#include "flow/flow_table.hpp"
#include "flow/network_roles.hpp"

namespace dlp {
namespace {

DecodedPacket packet(const char* src, std::uint16_t sport, const char* dst, std::uint16_t dport, std::uint8_t flags,
                     std::int64_t second) {
  DecodedPacket p;
  p.src = {*IpAddress::parse(src), sport};
  p.dst = {*IpAddress::parse(dst), dport};
  p.proto = kProtoTcp;
  p.tcp_flags = flags;
  p.ts = Timestamp::from_seconds(second);
  return p;
}

struct Ended {
  std::uint64_t id;
  FlowEndReason why;
  bool operator==(const Ended&) const = default;
};

class FlowTableTest : public ::testing::Test {
 protected:
  FlowTable make(FlowConfig c = {}) {
    return FlowTable(c, [this](Flow& f, FlowEndReason why) { ended.push_back({f.id, why}); });
  }
  std::vector<Ended> ended;
};

TEST_F(FlowTableTest, BothDirectionsShareAFlowAndTheSynSenderIsClient) {
  FlowTable t = make();
  auto a = t.find_or_create(packet("10.0.0.1", 4000, "1.1.1.1", 443, tcp_flag::syn, 0));
  auto b = t.find_or_create(packet("1.1.1.1", 443, "10.0.0.1", 4000, tcp_flag::syn | tcp_flag::ack, 0));
  EXPECT_EQ(a.flow, b.flow);
  EXPECT_EQ(a.direction, 0);
  EXPECT_EQ(b.direction, 1);
  EXPECT_EQ(a.flow->client.port, 4000);
}

TEST_F(FlowTableTest, MidstreamRoles) {
  FlowTable t = make();
  // The first packet comes from the server: its well-known port decides.
  auto a = t.find_or_create(packet("1.1.1.1", 80, "10.0.0.1", 4000, tcp_flag::ack, 0));
  EXPECT_EQ(a.flow->client.port, 4000);
  EXPECT_EQ(a.direction, 1);
  // Neither port is well known: the first sender is the client.
  auto b = t.find_or_create(packet("10.0.0.2", 5000, "1.1.1.2", 6000, tcp_flag::ack, 0));
  EXPECT_EQ(b.flow->client.port, 5000);
  // A SYN-ACK seen first: its receiver is the client.
  auto c = t.find_or_create(packet("1.1.1.3", 7000, "10.0.0.3", 8000, tcp_flag::syn | tcp_flag::ack, 0));
  EXPECT_EQ(c.flow->client.port, 8000);
}

TEST_F(FlowTableTest, IdleTimeoutsFollowStateOnCaptureTime) {
  FlowTable t = make();
  const std::uint64_t first = t.find_or_create(packet("10.0.0.1", 1, "1.1.1.1", 2, tcp_flag::syn, 0)).flow->id;
  auto b = t.find_or_create(packet("10.0.0.2", 1, "1.1.1.1", 2, tcp_flag::ack, 0));
  t.set_state(*b.flow, FlowState::established);
  t.expire(Timestamp::from_seconds(29));
  EXPECT_TRUE(ended.empty());
  t.expire(Timestamp::from_seconds(31));  // fresh flows time out after 30 s
  EXPECT_EQ(ended, (std::vector<Ended>{{first, FlowEndReason::timeout}}));
  t.expire(Timestamp::from_seconds(601));  // established after 600 s
  EXPECT_EQ(ended.size(), 2u);
  EXPECT_EQ(t.stats().timed_out, 2u);
  EXPECT_EQ(t.stats().active, 0u);
}

// Later stages' state of a known size.
struct Held final : FlowData {
  std::size_t bytes;
  explicit Held(std::size_t b) : bytes(b) {}
  std::size_t memory_bytes() const override { return bytes; }
};

TEST_F(FlowTableTest, MemcapEvictsTheLongestIdle) {
  FlowTable t = make(FlowConfig{.memcap = 2500});
  auto hold = [&](const char* src, std::int64_t second) {
    Flow& f = *t.find_or_create(packet(src, 1, "1.1.1.1", 2, 0, second)).flow;
    f.data = std::make_unique<Held>(1000);
    t.update_memory(f);
  };
  hold("10.0.0.1", 0);
  hold("10.0.0.2", 1);
  const std::uint64_t two_flows = t.stats().memory;
  EXPECT_GT(two_flows, 2000u);
  t.find_or_create(packet("10.0.0.1", 1, "1.1.1.1", 2, 0, 2));  // flow 1 is busy again
  hold("10.0.0.3", 3);  // a third would pass the cap: flow 2 has been idle longest
  EXPECT_EQ(ended, (std::vector<Ended>{{2, FlowEndReason::evicted}}));
  EXPECT_EQ(t.stats().evicted, 1u);
  EXPECT_EQ(t.stats().active, 2u);
  EXPECT_EQ(t.stats().memory, two_flows);
}

TEST_F(FlowTableTest, EndAllInCreationOrder) {
  FlowTable t = make();
  for (int i = 1; i <= 5; ++i) t.find_or_create(packet("10.0.0.1", static_cast<std::uint16_t>(i), "1.1.1.1", 2, 0, i));
  t.end_all(FlowEndReason::end_of_input);
  ASSERT_EQ(ended.size(), 5u);
  for (std::uint64_t i = 0; i < 5; ++i) EXPECT_EQ(ended[i], (Ended{i + 1, FlowEndReason::end_of_input}));
}

TEST(NetworkRoles, DefaultBlocksAndDirections) {
  NetworkRoles roles;
  std::string why;
  ASSERT_TRUE(roles.home.parse(NetworkRoles::kDefaultHome, why));
  auto ip = [](const char* s) { return *IpAddress::parse(s); };
  EXPECT_EQ(roles.direction_of(ip("192.168.1.5"), ip("8.8.8.8")), Direction::outbound);
  EXPECT_EQ(roles.direction_of(ip("8.8.8.8"), ip("100.64.0.1")), Direction::inbound);
  EXPECT_EQ(roles.direction_of(ip("fd00::1"), ip("fe80::1")), Direction::internal);
  EXPECT_EQ(roles.direction_of(ip("2001:db8::1"), ip("8.8.8.8")), Direction::external);
  AddressBlocks& home = roles.home;
  EXPECT_FALSE(home.parse("10.0.0.0/8,banana", why));
  EXPECT_EQ(why, "'banana' is not an address or CIDR block");
  EXPECT_FALSE(home.parse("10.0.0.0/33", why));
}

// A server block is inside even where the home networks do not reach it.
TEST(NetworkRoles, AServerSendingToAWorkstationIsARetrieval) {
  NetworkRoles roles;
  std::string why;
  ASSERT_TRUE(roles.home.parse("10.0.0.0/8", why));
  ASSERT_TRUE(roles.servers.parse("10.9.0.0/16,203.0.113.5", why));
  auto ip = [](const char* s) { return *IpAddress::parse(s); };
  const auto server = ip("10.9.0.20"), workstation = ip("10.1.2.3"), outside = ip("8.8.8.8");
  EXPECT_EQ(roles.direction_of(server, workstation), Direction::retrieval);
  EXPECT_EQ(roles.direction_of(ip("203.0.113.5"), workstation), Direction::retrieval);
  EXPECT_EQ(roles.direction_of(workstation, server), Direction::internal);
  EXPECT_EQ(roles.direction_of(server, ip("10.9.0.21")), Direction::internal);  // replication between servers
  EXPECT_EQ(roles.direction_of(server, outside), Direction::outbound);
  EXPECT_EQ(roles.direction_of(ip("203.0.113.5"), outside), Direction::outbound);
  EXPECT_EQ(roles.direction_of(outside, server), Direction::inbound);
  EXPECT_EQ(roles.rank(workstation), 2);
  EXPECT_EQ(roles.rank(server), 1);
  EXPECT_EQ(roles.rank(outside), 0);
}

}  // namespace
}  // namespace dlp
