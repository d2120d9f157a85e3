#include <gtest/gtest.h>

#include "report/upload_volumes.hpp"

namespace dlp::upload_test {

constexpr std::int64_t kHour = 3600LL * 1'000'000;

FlowSummary upload(std::uint64_t bytes, std::int64_t at_usec, const char* sni = "pan.baidu.com") {
  FlowSummary flow;
  flow.sender = {*IpAddress::parse("10.1.1.20"), 50000};
  flow.receiver = {*IpAddress::parse("203.0.113.80"), 443};
  flow.direction = Direction::outbound;
  flow.proto = "tcp";
  flow.app = "tls";
  flow.start = {at_usec - 1000};
  flow.now = flow.end = {at_usec};
  flow.bytes = bytes;
  flow.destination = sni;
  flow.tls.state = "encrypted";
  flow.tls.sni = sni;
  return flow;
}

struct Volumes {
  UploadVolumeConfig config{10'000'000};
  HostSummaryConfig window;
  UploadVolumes volumes{config, window};
  std::vector<Alert> out;
};

TEST(UploadVolumes, OneAlertWhenTheSumPassesTheThreshold) {
  Volumes v;
  v.volumes.add(upload(6'000'000, kHour), 100, v.out);
  EXPECT_TRUE(v.out.empty());
  v.volumes.add(upload(5'000'000, 2 * kHour), 200, v.out);
  ASSERT_EQ(v.out.size(), 1u);
  const Alert& a = v.out[0];
  EXPECT_EQ(a.event, "dlp.upload_volume");
  EXPECT_EQ(a.severity, Severity::warning);  // not a listed kind, under 10x
  EXPECT_EQ(a.bytes, 11'000'000u);
  EXPECT_EQ(a.bytes_received, 300u);
  EXPECT_EQ(a.flows, 2u);
  EXPECT_EQ(a.destination, "pan.baidu.com");
  EXPECT_EQ(a.tls.sni, "pan.baidu.com");
  EXPECT_EQ(a.flow_start.usec, kHour - 1000);
  v.volumes.add(upload(50'000'000, 3 * kHour), 0, v.out);
  EXPECT_EQ(v.out.size(), 1u);  // reported already in this window
}

TEST(UploadVolumes, DestinationsAreApartAndTheWindowSlides) {
  Volumes v;
  v.volumes.add(upload(6'000'000, kHour), 0, v.out);
  v.volumes.add(upload(6'000'000, kHour, "www.example.com"), 0, v.out);
  EXPECT_TRUE(v.out.empty());
  EXPECT_EQ(v.volumes.stats().pairs, 2u);
  v.volumes.add(upload(5'000'000, 26 * kHour), 0, v.out);  // the first left the 24-hour window
  EXPECT_TRUE(v.out.empty());
  v.volumes.add(upload(6'000'000, 27 * kHour), 0, v.out);
  ASSERT_EQ(v.out.size(), 1u);
  EXPECT_EQ(v.out[0].flows, 2u);
}

TEST(UploadVolumes, ListedKindOrTenTimesIsCriticalAndTheTableIsBounded) {
  Volumes v;
  v.config.max_pairs = 2;
  UploadVolumes volumes(v.config, v.window);
  FlowSummary listed = upload(11'000'000, kHour);
  listed.destination_kind = "cloud_storage";
  volumes.add(listed, 0, v.out);
  volumes.add(upload(100'000'000, kHour, "a.example.com"), 0, v.out);
  ASSERT_EQ(v.out.size(), 2u);
  EXPECT_EQ(v.out[0].severity, Severity::critical);
  EXPECT_EQ(v.out[0].destination_kind, "cloud_storage");
  EXPECT_EQ(v.out[1].severity, Severity::critical);
  volumes.add(upload(1, 2 * kHour, "b.example.com"), 0, v.out);
  EXPECT_EQ(volumes.stats().pairs, 2u);
  EXPECT_EQ(volumes.stats().pair_evictions, 1u);
}

}  // namespace dlp::upload_test
