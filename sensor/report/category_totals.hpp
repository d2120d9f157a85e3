#pragma once
#include <cstdint>

#include "common/alert.hpp"
#include "detect/findings/flow_findings.hpp"

namespace dlp {

// What a flow direction carried of one category, for sums across flows.
struct CategoryTotals {
  const Signature* signature = nullptr;  // the category's first signature
  std::uint64_t matches = 0, distinct = 0;
  std::uint64_t by_confidence[3] = {};
  TierCounts records;
  CategoryTotals& operator+=(const CategoryTotals& o);
  CategoryTotals& operator-=(const CategoryTotals& o);
};

CategoryTotals totals_of(const CategoryFindings& c);

// A sum's score: the larger of what its distinct values and its records
// reach (Art. 5 item 8 doubles it for an insider).
double score_of(const CategoryTotals& t, bool insider);

// The alert of a sum across flows (a host's, a receiver's ...): the
// category's signature, the score and what it was computed from, the counts.
Alert summary_alert(const char* event, const CategoryTotals& t, double score, bool insider, Timestamp now);

}  // namespace dlp
