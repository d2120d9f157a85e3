#include <gtest/gtest.h>

#include "capture/packet_source.hpp"

namespace dlp {
namespace {

// pcap_stats counts in 32 bits: readings across a wrap still add up.
TEST(WideCounter, SumsAcrossWraps) {
  WideCounter c;
  c.update(4'000'000'000u);
  c.update(4'294'967'295u);
  c.update(5u);  // wrapped: 6 more
  c.update(5u);
  c.update(1'000u);
  EXPECT_EQ(c.total(), 4'294'967'295ull + 6 + 995);
}

}  // namespace
}  // namespace dlp
