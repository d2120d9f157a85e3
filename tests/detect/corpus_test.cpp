#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "detect/scan_helper.hpp"

namespace dlp::test {
namespace {

// The labelled corpus of tests/captures/piicorpus.py: every positive yields exactly
// its value, every decoy nothing but what it lists and no alert; recall is
// reported per category.
struct Case {
  std::string kind, category, variant, text;
  std::set<std::string> expect;
};

std::vector<Case> load_corpus() {
  std::ifstream in(std::string(DLP_GENERATED_PCAPS) + "/corpus.jsonl");
  std::vector<Case> cases;
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    Case c{j["kind"], j["category"], j["variant"], {}, {}};
    const std::string hex = j["hex"];
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
      c.text.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    for (const auto& e : j["expect"]) c.expect.insert(e.get<std::string>());
    cases.push_back(std::move(c));
  }
  return cases;
}

// What the scanner reports of a text, as "category:value"; masked values
// are counted apart and never leaks, so they are left out.
std::set<std::string> leaks_in(const std::string& text) {
  std::set<std::string> out;
  for (const auto& f : scan(text))
    if (f.value.rfind("masked:", 0) != 0) out.insert(f.category + ":" + f.value);
  return out;
}

TEST(Corpus, EveryPositiveFoundAndNoDecoyAlerts) {
  auto cases = load_corpus();
  ASSERT_GT(cases.size(), 300u);
  std::map<std::string, std::pair<int, int>> recall;  // category -> found, total
  int decoys = 0;
  for (const auto& c : cases) {
    auto got = leaks_in(c.text);
    SCOPED_TRACE(c.kind + " " + c.category + " " + c.variant + ": " + c.text);
    if (c.kind == "positive") {
      auto& [found, total] = recall[c.category];
      ++total;
      found += got == c.expect;
    } else {
      ++decoys;
      // What a decoy may yield is not personal data (an organisation's
      // code): it never alerts.
      EXPECT_TRUE(alerts_of(c.text).empty());
    }
    EXPECT_EQ(got, c.expect);
  }
  for (const auto& [category, counts] : recall)
    EXPECT_EQ(counts.first, counts.second) << category << ": " << counts.first << " of " << counts.second;
  EXPECT_EQ(recall.size(), test::default_signatures().categories().size());
  EXPECT_GE(decoys, 20);
}

}  // namespace
}  // namespace dlp::test
