#pragma once
#include <cstdint>

#include "common/alert.hpp"
#include "detect/signatures/legal_tier.hpp"

namespace dlp {

// The share of the "serious" threshold that `records` reach: 1 is the line
// of 情节严重, 10 that of 情节特别严重 (法释〔2017〕10号 Art. 5 ¶2). Art. 5
// item 8 halves the thresholds for data obtained in one's job: `insider`
// doubles the score.
double leak_score(LegalTier tier, std::uint64_t records, bool insider);

// Art. 5 item 6: below each threshold, the proportional sum counts:
// nA/50 + nB/500 + nC/5000 (x2 for insiders).
double leak_score(const TierCounts& records, bool insider);

// Writes into `a` what its score was computed from: the category's tier,
// the records by their tiers and the insider doubling.
void describe_score(Alert& a, LegalTier tier, const TierCounts& records, bool insider);

// info below 0.1, warning from 0.1, critical from 1, severe from 10.
Severity severity_of_score(double score);

}  // namespace dlp
