#include "report/legal_score.hpp"

namespace dlp {

double leak_score(LegalTier tier, std::uint64_t records, bool insider) {
  std::uint64_t threshold = serious_threshold(tier);
  if (threshold == 0) return 0;
  return static_cast<double>(records) / static_cast<double>(threshold) * (insider ? 2 : 1);
}

double leak_score(const TierCounts& records, bool insider) {
  return leak_score(LegalTier::A, records.a, insider) + leak_score(LegalTier::B, records.b, insider) +
         leak_score(LegalTier::C, records.c, insider);
}

void describe_score(Alert& a, LegalTier tier, const TierCounts& records, bool insider) {
  a.legal_tier = tier == LegalTier::none ? "" : legal_tier_name(tier);
  a.tier_records[0] = records.a;
  a.tier_records[1] = records.b;
  a.tier_records[2] = records.c;
  a.insider = insider;
}

Severity severity_of_score(double score) {
  if (score >= 10) return Severity::severe;
  if (score >= 1) return Severity::critical;
  if (score >= 0.1) return Severity::warning;
  return Severity::info;
}

}  // namespace dlp
