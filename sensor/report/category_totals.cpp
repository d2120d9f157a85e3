#include "report/category_totals.hpp"

namespace dlp {

CategoryTotals& CategoryTotals::operator+=(const CategoryTotals& o) {
  matches += o.matches;
  distinct += o.distinct;
  for (int i = 0; i < 3; ++i) by_confidence[i] += o.by_confidence[i];
  records += o.records;
  return *this;
}

CategoryTotals& CategoryTotals::operator-=(const CategoryTotals& o) {
  matches -= o.matches;
  distinct -= o.distinct;
  for (int i = 0; i < 3; ++i) by_confidence[i] -= o.by_confidence[i];
  records -= o.records;
  return *this;
}

CategoryTotals totals_of(const CategoryFindings& c) {
  CategoryTotals t;
  t.signature = c.first;
  t.matches = c.matches_found();
  t.distinct = c.distinct.size();
  for (int i = 0; i < 3; ++i) t.by_confidence[i] = c.by_confidence[i];
  t.records = c.record_tiers;
  return t;
}

}  // namespace dlp
