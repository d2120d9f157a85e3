// Several workers give the same alerts as one: every end-to-end capture
// replayed with 1, 2 and 4 workers, the alerts compared as sets, whether the
// workers read the files themselves or one thread feeds them through rings.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <thread>

#include "e2e/sensor_run.hpp"

namespace dlp::test {
namespace {

// The alerts of replaying `input` with `workers` workers, which must be fed
// the way `mode` says ("" for one worker: no dispatch at all).
std::multiset<std::string> alert_set(const std::string& input, const std::string& workers, const std::string& mode,
                                     const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"--read", input, "--all-directions", "--alert-format", "json", "--workers", workers};
  args.insert(args.end(), extra.begin(), extra.end());
  auto run = run_sensor(args);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  std::multiset<std::string> alerts;
  for (const auto& a : run.alerts()) alerts.insert(a.dump());
  auto stats = run.stats();
  EXPECT_EQ(stats["workers"].size(), mode.empty() ? 0u : std::stoul(workers)) << input;
  EXPECT_EQ(stats["dispatch"]["mode"], mode.empty() ? nlohmann::json() : nlohmann::json(mode)) << input;
  return alerts;
}

class WorkerCounts : public ::testing::TestWithParam<const char*> {};

TEST_P(WorkerCounts, SameAlertsWithOneTwoAndFourWorkers) {
  const auto pcap = generated(GetParam());
  const auto one = alert_set(pcap, "1", "");
  ASSERT_FALSE(one.empty());
  EXPECT_EQ(alert_set(pcap, "2", "files"), one);
  EXPECT_EQ(alert_set(pcap, "4", "files"), one);
  EXPECT_EQ(alert_set(pcap, "2", "rings", {"--no-fanout"}), one);
}

// Reading the files, each worker keeps its share and only that: the inside
// hosts of these two captures (10.1.1.10, 10.1.1.20) hash to different workers.
TEST(WorkerFeed, EachWorkerReadingTheFilesKeepsItsShare) {
  auto stats = [](const std::string& workers) {
    return run_sensor({"--read", generated("multipart_csv.pcap"), "--read", generated("host_three_flows.pcap"),
                       "--workers", workers, "--alert-output", "/dev/null"})
        .stats();
  };
  auto one = stats("1"), two = stats("2");
  ASSERT_EQ(two["dispatch"]["mode"], "files");
  const int first = two["workers"][0]["packets"], second = two["workers"][1]["packets"];
  EXPECT_GT(first, 0);
  EXPECT_GT(second, 0);
  EXPECT_EQ(first + second, one["packets"]);
  EXPECT_EQ(two["packets"], one["packets"]);
  EXPECT_EQ(two["bytes"], one["bytes"]);
}

// A pipe cannot be read twice: one thread reads it and feeds the workers.
TEST(WorkerFeed, PipeInputIsFedThroughRings) {
  const auto pcap = generated("host_three_flows.pcap");
  const auto one = alert_set(pcap, "1", "");
  ASSERT_FALSE(one.empty());
  const std::string fifo = temp_dir() + "/capture.fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << read_file(pcap); });
  EXPECT_EQ(alert_set(fifo, "2", "rings"), one);
  writer.join();
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
