#include <gtest/gtest.h>

#include <fmt/format.h>

#include "detect/scan_helper.hpp"
#include "report/receiver_summaries.hpp"

namespace dlp::test {
namespace {

constexpr std::int64_t kReceiverHour = 3600LL * 1'000'000;

CategoryTotals bank_cards(std::uint64_t n) {
  CategoryTotals t;
  t.signature = &signature_of("bank_card");
  t.matches = t.distinct = n;
  return t;
}

// One connection of `receiver` to the CRM, at hour `hour`, asking for `ids` by number.
struct AskedFlow {
  FlowSummary flow;
  RequestTrail trail;
  AskedFlow(const char* receiver, std::int64_t hour, std::vector<int> ids, const char* agent = "curl/8.0") {
    flow.sender = {*IpAddress::parse("10.3.0.10"), 80};
    flow.receiver = {*IpAddress::parse(receiver), 50000};
    flow.start = flow.now = {hour * kReceiverHour};
    flow.sender_initiated = false;
    trail.note_user_agent(agent);
    for (int id : ids) trail.add_request(fmt::format("/api/customer/{}?full=1", id));
    flow.http = &trail;
  }
};

std::vector<int> ids_from(int first, int n) {
  std::vector<int> out(n);
  for (int i = 0; i < n; ++i) out[i] = first + i;
  return out;
}

TEST(ReceiverSummaries, EachLevelOfTheHeaviestCategoryWithTheEvidence) {
  ReceiverSummaries receivers({}, {}, false);
  std::vector<Alert> out;
  AskedFlow first("203.0.113.77", 0, ids_from(1001, 3));
  receivers.add(first.flow, {bank_cards(3)}, {{"/api/customer/{n}?full={n}", 9}}, {}, out);  // 0.06: info
  EXPECT_TRUE(out.empty());
  AskedFlow second("203.0.113.77", 1, ids_from(1004, 30));
  receivers.add(second.flow, {bank_cards(30)}, {{"/api/customer/{n}?full={n}", 90}}, {}, out);  // 0.66: warning
  ASSERT_EQ(out.size(), 1u);
  const Alert& a = out[0];
  EXPECT_EQ(a.event, "dlp.receiver_summary");
  EXPECT_EQ(a.severity, Severity::warning);
  EXPECT_EQ(a.dst.ip.to_string(), "203.0.113.77");
  EXPECT_EQ(a.distinct, 33u);
  EXPECT_EQ(a.flows, 2u);
  EXPECT_EQ(a.requests, 33u);
  EXPECT_EQ(a.servers, R"(["10.3.0.10"])");
  EXPECT_EQ(a.user_agents, R"(["curl/8.0"])");
  EXPECT_EQ(a.uri_paths, R"([{"path":"/api/customer/{n}?full={n}","values":99}])");
  EXPECT_TRUE(a.enumeration);
  EXPECT_EQ(a.enumeration_path, "/api/customer/{n}?full={n}");
  out.clear();
  // One flow that is critical alone is the receiver's news too: its own alert names only the server.
  AskedFlow alone("203.0.113.99", 2, ids_from(5001, 60));
  receivers.add(alone.flow, {bank_cards(60)}, {}, {}, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].severity, Severity::critical);
  EXPECT_EQ(out[0].flows, 1u);
}

TEST(ReceiverSummaries, ScatteredRequestsDoNotWalk) {
  ReceiverSummaries receivers({}, {}, false);
  std::vector<Alert> out;
  std::vector<int> ids;
  for (int i = 0; i < 40; ++i) ids.push_back(1000 + i * 997);
  AskedFlow flow("203.0.113.77", 0, ids);
  receivers.add(flow.flow, {bank_cards(40)}, {}, {}, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].enumeration);
  EXPECT_TRUE(out[0].enumeration_path.empty());
}

TEST(ReceiverSummaries, TheKeyMaySplitAProxyByUserAgent) {
  ReceiverSummaryConfig by_agent;
  by_agent.key = ReceiverKey::address_user_agent;
  for (auto [config, alerts] : {std::pair{ReceiverSummaryConfig{}, 1u}, std::pair{by_agent, 2u}}) {
    ReceiverSummaries receivers(config, {}, false);
    std::vector<Alert> out;
    AskedFlow one("203.0.113.88", 0, ids_from(1, 5), "Scrapy/2.11"),
        two("203.0.113.88", 0, ids_from(101, 5), "Go-http-client");
    receivers.add(one.flow, {bank_cards(5)}, {}, {}, out);
    receivers.add(two.flow, {bank_cards(5)}, {}, {}, out);
    EXPECT_EQ(out.size(), alerts);
    EXPECT_EQ(receivers.stats().hosts, alerts);
  }
}

TEST(ReceiverSummaries, TheWindowSlidesAndTheTableIsBounded) {
  HostSummaryConfig window;
  window.window_usec = 24 * kReceiverHour;
  ReceiverSummaryConfig config;
  config.max_receivers = 2;
  ReceiverSummaries receivers(config, window, false);
  std::vector<Alert> out;
  AskedFlow a("203.0.113.1", 0, ids_from(1, 5)), b("203.0.113.1", 30, ids_from(6, 5));
  receivers.add(a.flow, {bank_cards(5)}, {}, {}, out);
  EXPECT_EQ(out.size(), 1u);  // 0.1: warning
  receivers.add(b.flow, {bank_cards(5)}, {}, {}, out);
  EXPECT_EQ(out.size(), 2u);  // the first left the window: warning again, news again
  EXPECT_EQ(out[1].distinct, 5u);
  EXPECT_EQ(out[1].flows, 1u);
  for (const char* other : {"203.0.113.2", "203.0.113.3"}) {
    AskedFlow c(other, 31, ids_from(1, 1));
    receivers.add(c.flow, {bank_cards(1)}, {}, {}, out);
  }
  EXPECT_EQ(receivers.stats().hosts, 2u);
  EXPECT_EQ(receivers.stats().host_evictions, 1u);
}

}  // namespace
}  // namespace dlp::test
