#include <gtest/gtest.h>

#include "detect/scan_helper.hpp"
#include "report/host_summaries.hpp"

namespace dlp::test {
namespace {

CategoryTotals mobiles(std::uint64_t n) {
  CategoryTotals t;
  t.signature = &signature_of("cn_mobile");
  t.matches = t.distinct = n;
  return t;
}

constexpr std::int64_t kHour = 3600LL * 1'000'000;

TEST(HostSummaries, ReportsWhatNoFlowSaidAlone) {
  HostSummaries hosts({}, kHostSummary);
  const Endpoint host{*IpAddress::parse("10.1.1.20"), 0};
  std::vector<Alert> out;
  hosts.add(host, {0}, {1}, 100, false, {mobiles(300)}, {}, out);  // 0.06: info
  EXPECT_TRUE(out.empty());
  hosts.add(host, {kHour}, {kHour + 1}, 100, false, {mobiles(300)}, {}, out);  // sum 600: warning
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].event, "dlp.host_summary");
  EXPECT_EQ(out[0].severity, Severity::warning);
  EXPECT_EQ(out[0].distinct, 600u);
  EXPECT_EQ(out[0].bytes, 200u);
  EXPECT_EQ(out[0].src.ip.to_string(), "10.1.1.20");
  out.clear();
  hosts.add(host, {2 * kHour}, {2 * kHour}, 100, false, {mobiles(300)}, {}, out);  // 900: still warning
  EXPECT_TRUE(out.empty());
  // A flow that is a warning by itself is announced by its own alert.
  HostSummaries other({}, kHostSummary);
  other.add(host, {0}, {1}, 100, false, {mobiles(600)}, {}, out);
  EXPECT_TRUE(out.empty());
}

TEST(HostSummaries, TheWindowSlides) {
  HostSummaryConfig config;
  config.window_usec = 24 * kHour;
  HostSummaries hosts(config, kHostSummary);
  const Endpoint host{*IpAddress::parse("10.1.1.20"), 0};
  std::vector<Alert> out;
  hosts.add(host, {0}, {0}, 1, false, {mobiles(300)}, {}, out);
  hosts.add(host, {1}, {1}, 1, false, {mobiles(300)}, {}, out);
  ASSERT_EQ(out.size(), 1u);  // 600: warning
  out.clear();
  // A day later both have left: the sum falls to this flow's 300, and the
  // warning is news again when the next one arrives.
  hosts.add(host, {25 * kHour}, {25 * kHour}, 1, false, {mobiles(300)}, {}, out);
  EXPECT_TRUE(out.empty());
  hosts.add(host, {26 * kHour}, {26 * kHour}, 1, false, {mobiles(300)}, {}, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].distinct, 600u);
}

TEST(HostSummaries, TableIsBounded) {
  HostSummaryConfig config;
  config.max_hosts = 2;
  config.max_flows_per_host = 3;
  HostSummaries hosts(config, kHostSummary);
  std::vector<Alert> out;
  for (int i = 0; i < 5; ++i)
    hosts.add({*IpAddress::parse("10.0.0." + std::to_string(i)), 0}, {i}, {i}, 1, false, {mobiles(1)}, {}, out);
  EXPECT_EQ(hosts.stats().hosts, 2u);
  EXPECT_EQ(hosts.stats().host_evictions, 3u);
  const Endpoint busy{*IpAddress::parse("10.9.9.9"), 0};
  for (int i = 0; i < 5; ++i) hosts.add(busy, {i}, {i}, 1, false, {mobiles(1)}, {}, out);
  EXPECT_EQ(hosts.stats().flow_evictions, 2u);
}

}  // namespace
}  // namespace dlp::test
