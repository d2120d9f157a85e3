#include <gtest/gtest.h>

#include "decode/ip_defragmenter.hpp"

namespace dlp {
namespace {

Fragment frag(std::uint32_t id, std::uint32_t offset, bool more, std::string_view data) {
  return {{*IpAddress::parse("10.0.0.1"), *IpAddress::parse("8.8.8.8"), id, 6}, offset, more, 6, as_bytes(data)};
}

TEST(IpDefragmenter, OutOfOrderFragments) {
  IpDefragmenter d({});
  Datagram out;
  EXPECT_FALSE(d.add(frag(1, 16, false, "CCC"), {}, out));
  EXPECT_FALSE(d.add(frag(1, 0, true, "AAAAAAAA"), {}, out));
  ASSERT_TRUE(d.add(frag(1, 8, true, "BBBBBBBB"), {}, out));
  EXPECT_EQ(as_chars(out.payload), "AAAAAAAABBBBBBBBCCC");
  EXPECT_EQ(out.proto, 6);
  EXPECT_EQ(d.stats().reassembled, 1u);
  EXPECT_EQ(d.stats().held_bytes, 0u);
}

TEST(IpDefragmenter, OverlapKeepsFirstDataAndCountsDifference) {
  IpDefragmenter d({});
  Datagram out;
  EXPECT_FALSE(d.add(frag(2, 0, true, "AAAAAAAA"), {}, out));
  EXPECT_FALSE(d.add(frag(2, 0, true, "XXXXXXXXYYYYYYYY"), {}, out));
  ASSERT_TRUE(d.add(frag(2, 16, false, "Z"), {}, out));
  EXPECT_EQ(as_chars(out.payload), "AAAAAAAAYYYYYYYYZ");
  EXPECT_EQ(d.stats().overlaps, 1u);
  EXPECT_EQ(d.stats().overlaps_different, 1u);
}

TEST(IpDefragmenter, TimeoutDropsIncompleteDatagram) {
  IpDefragmenter d({});
  Datagram out;
  d.add(frag(3, 0, true, "AAAAAAAA"), Timestamp::from_seconds(100), out);
  d.expire(Timestamp::from_seconds(161));
  EXPECT_EQ(d.stats().timeouts, 1u);
  EXPECT_FALSE(d.add(frag(3, 8, false, "B"), Timestamp::from_seconds(161), out));
}

TEST(IpDefragmenter, InvalidFragmentsAreCounted) {
  IpDefragmenter d({});
  Datagram out;
  EXPECT_FALSE(d.add(frag(4, 65528, false, "0123456789"), {}, out));  // past 64 KiB
  EXPECT_FALSE(d.add(frag(5, 0, true, "odd"), {}, out));              // not a multiple of 8
  d.add(frag(6, 8, false, "end"), {}, out);
  EXPECT_FALSE(d.add(frag(6, 8, false, "other end"), {}, out));  // two different ends
  EXPECT_EQ(d.stats().invalid, 3u);
}

TEST(IpDefragmenter, MemcapEvictsOldest) {
  IpDefragmenter d({.timeout_usec = 60'000'000, .memcap = 1000, .max_fragments = 1024});
  Datagram out;
  std::string big(512, 'x');
  for (std::uint32_t id = 0; id < 4; ++id) d.add(frag(id, 0, true, big), {}, out);
  EXPECT_EQ(d.stats().memcap_evictions, 3u);
  EXPECT_LE(d.stats().held_bytes, 1000u);
}

}  // namespace
}  // namespace dlp
