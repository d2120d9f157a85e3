// Several workers give the same alerts as one: every end-to-end capture
// replayed with 1, 2 and 4 workers, the alerts compared as sets.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "e2e/sensor_run.hpp"

namespace dlp::test {
namespace {

std::multiset<std::string> alert_set(const std::string& pcap, const std::string& workers) {
  auto run = run_sensor({"--read", generated(pcap), "--all-directions", "--alert-format", "json", "--workers", workers});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  std::multiset<std::string> alerts;
  for (const auto& a : run.alerts()) alerts.insert(a.dump());
  EXPECT_EQ(run.stats()["workers"].size(), std::stoul(workers) == 1 ? 0u : std::stoul(workers)) << pcap;
  return alerts;
}

class WorkerCounts : public ::testing::TestWithParam<const char*> {};

TEST_P(WorkerCounts, SameAlertsWithOneTwoAndFourWorkers) {
  const auto one = alert_set(GetParam(), "1");
  ASSERT_FALSE(one.empty());
  EXPECT_EQ(alert_set(GetParam(), "2"), one);
  EXPECT_EQ(alert_set(GetParam(), "4"), one);
}

INSTANTIATE_TEST_SUITE_P(Captures, WorkerCounts,
                         ::testing::Values("reordered.pcap", "ipv4_fragments.pcap", "ipv6_vlan.pcap",
                                           "long_upload.pcap", "host_three_flows.pcap", "multipart_xlsx.pcap",
                                           "smtp_attachment.pcap", "ftp_active.pcap"),
                         [](const auto& info) {
                           std::string name = info.param;
                           name = name.substr(0, name.find('.'));
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace dlp::test
