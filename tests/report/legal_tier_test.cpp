#include "report/legal_score.hpp"

#include <gtest/gtest.h>

namespace dlp {
namespace {

TEST(LegalTier, ScoreIsTheShareOfTheSeriousThreshold) {
  EXPECT_DOUBLE_EQ(leak_score(LegalTier::A, 50, false), 1.0);
  EXPECT_DOUBLE_EQ(leak_score(LegalTier::B, 500, false), 1.0);
  EXPECT_DOUBLE_EQ(leak_score(LegalTier::C, 5000, false), 1.0);
  EXPECT_DOUBLE_EQ(leak_score(LegalTier::C, 250, false), 0.05);
  EXPECT_DOUBLE_EQ(leak_score(LegalTier::B, 250, true), 1.0);  // Art. 5 item 8: 250 for insiders
  EXPECT_DOUBLE_EQ(leak_score(LegalTier::none, 1'000'000, true), 0.0);
}

TEST(LegalTier, SeverityLines) {
  EXPECT_EQ(severity_of_score(0), Severity::info);
  EXPECT_EQ(severity_of_score(leak_score(LegalTier::A, 4, false)), Severity::info);
  EXPECT_EQ(severity_of_score(leak_score(LegalTier::A, 5, false)), Severity::warning);
  EXPECT_EQ(severity_of_score(leak_score(LegalTier::C, 4999, false)), Severity::warning);
  EXPECT_EQ(severity_of_score(leak_score(LegalTier::C, 5000, false)), Severity::critical);  // 情节严重
  EXPECT_EQ(severity_of_score(leak_score(LegalTier::C, 49999, false)), Severity::critical);
  EXPECT_EQ(severity_of_score(leak_score(LegalTier::C, 50000, false)), Severity::severe);  // 情节特别严重
  EXPECT_EQ(severity_of_score(leak_score(LegalTier::C, 25000, true)), Severity::severe);
}

TEST(LegalTier, Names) {
  LegalTier t;
  for (const char* name : {"A", "B", "C", "none"}) {
    ASSERT_TRUE(parse_legal_tier(name, t));
    EXPECT_STREQ(legal_tier_name(t), name);
  }
  EXPECT_FALSE(parse_legal_tier("a", t));
}

}  // namespace
}  // namespace dlp
