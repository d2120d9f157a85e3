#pragma once
#include <cstdint>
#include <string_view>

#include "common/alert.hpp"

namespace dlp {

// The tiers of 法释〔2017〕10号 Art. 5 ¶1, by the number of records that
// makes a leak "serious" (情节严重): A (location tracks, communication
// content, credit, property) 50; B (accommodation, call records, health,
// transactions) 500; C (other personal information) 5,000. `none` is data
// that is not personal (an organisation's code): it never raises severity.
enum class LegalTier { A, B, C, none };

bool parse_legal_tier(std::string_view text, LegalTier& out);
const char* legal_tier_name(LegalTier tier);

// Records of this tier that make a leak "serious"; 0 for none.
std::uint64_t serious_threshold(LegalTier tier);

// The share of the "serious" threshold that `records` reach: 1 is the line
// of 情节严重, 10 that of 情节特别严重 (Art. 5 ¶2). Art. 5 item 8 halves the
// thresholds for data obtained in one's job: `insider` doubles the score.
double leak_score(LegalTier tier, std::uint64_t records, bool insider);

// Records counted by their tier (A, B, C).
struct TierCounts {
  std::uint64_t a = 0, b = 0, c = 0;
  std::uint64_t total() const { return a + b + c; }
  void add(LegalTier tier, std::uint64_t n = 1);
  TierCounts& operator+=(const TierCounts& o);
  TierCounts& operator-=(const TierCounts& o);
};
// Art. 5 item 6: below each threshold, the proportional sum counts:
// nA/50 + nB/500 + nC/5000 (x2 for insiders).
double leak_score(const TierCounts& records, bool insider);

// info below 0.1, warning from 0.1, critical from 1, severe from 10.
Severity severity_of_score(double score);

}  // namespace dlp
