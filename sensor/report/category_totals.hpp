#pragma once
#include <cstdint>

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

}  // namespace dlp
