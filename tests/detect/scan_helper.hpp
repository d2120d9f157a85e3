#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "detect/findings/flow_findings.hpp"
#include "detect/scan/scanner.hpp"
#include "detect/signatures/pattern_database.hpp"
#include "report/reporter.hpp"

namespace dlp::test {

// The repository's signatures, compiled once per test binary.
const SignatureSet& default_signatures();
const PatternDatabase& default_patterns();
// The first signature of `category` in the default set.
const Signature& signature_of(std::string_view category);

struct Found {
  std::string category;
  std::string value;
  bool operator==(const Found&) const = default;
  friend void PrintTo(const Found& f, std::ostream* os) { *os << f.category << ':' << f.value; }
};

// Keeps every finding, in order; a masked one as "masked:" and its token.
struct CollectFindings final : FindingSink {
  std::vector<Found> found;
  std::vector<Confidence> confidence;  // of each finding in `found` (masked ones: medium)
  void on_finding(const Signature& s, const Candidate& c) override {
    found.push_back({s.category, c.value});
    confidence.push_back(c.confidence);
  }
  void on_delimiter(RecordDelimiter) override {}
  void on_masked(const Signature& s, std::string_view token) override {
    found.push_back({s.category, "masked:" + std::string(token)});
    confidence.push_back(Confidence::medium);
  }
};

// Scans `chunks` as consecutive writes of one stream ("" between two chunks
// is not a gap) and returns what was found.
std::vector<Found> scan_chunks(const std::vector<std::string>& chunks);
std::vector<Found> scan(const std::string& text);
// Every finding with its confidence, and the record delimiters left out.
CollectFindings scan_collect(const std::string& text);
// The alerts of `text` as one outbound flow direction's data.
std::vector<Alert> alerts_of(const std::string& text);

}  // namespace dlp::test
