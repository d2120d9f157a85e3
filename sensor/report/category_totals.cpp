#include "report/category_totals.hpp"

#include <algorithm>

#include "report/legal_score.hpp"

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

double score_of(const CategoryTotals& t, bool insider) {
  return std::max(leak_score(t.signature->tier, t.distinct, insider), leak_score(t.records, insider));
}

Alert summary_alert(const char* event, const CategoryTotals& t, double score, bool insider, Timestamp now) {
  Alert a;
  a.timestamp = now;
  a.event = event;
  a.signature_id = t.signature->id;
  a.signature = t.signature->name;
  a.category = t.signature->category;
  a.score = score;
  a.severity = severity_of_score(score);
  describe_score(a, t.signature->tier, t.records, insider);
  a.matches = t.matches;
  a.distinct = t.distinct;
  a.records = t.records.total();
  a.low_confidence = t.by_confidence[static_cast<int>(Confidence::low)];
  a.medium_confidence = t.by_confidence[static_cast<int>(Confidence::medium)];
  a.high_confidence = t.by_confidence[static_cast<int>(Confidence::high)];
  return a;
}

}  // namespace dlp
