#pragma once
#include <cstdint>
#include <string_view>

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

// Records counted by their tier (A, B, C).
struct TierCounts {
  std::uint64_t a = 0, b = 0, c = 0;
  std::uint64_t total() const { return a + b + c; }
  void add(LegalTier tier, std::uint64_t n = 1);
  TierCounts& operator+=(const TierCounts& o);
  TierCounts& operator-=(const TierCounts& o);
};

}  // namespace dlp
