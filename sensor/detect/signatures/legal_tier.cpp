#include "detect/signatures/legal_tier.hpp"

#include "common/enum_names.hpp"

namespace dlp {

namespace {
constexpr EnumName<LegalTier> kTiers[] = {
    {LegalTier::A, "A"}, {LegalTier::B, "B"}, {LegalTier::C, "C"}, {LegalTier::none, "none"}};
}  // namespace

bool parse_legal_tier(std::string_view text, LegalTier& out) { return parse_name(text, out, kTiers); }

const char* legal_tier_name(LegalTier tier) { return name_of(tier, kTiers); }

std::uint64_t serious_threshold(LegalTier tier) {
  switch (tier) {
    case LegalTier::A: return 50;
    case LegalTier::B: return 500;
    case LegalTier::C: return 5000;
    case LegalTier::none: return 0;
  }
  return 0;
}

void TierCounts::add(LegalTier tier, std::uint64_t n) {
  if (tier == LegalTier::A)
    a += n;
  else if (tier == LegalTier::B)
    b += n;
  else if (tier == LegalTier::C)
    c += n;
}

TierCounts& TierCounts::operator+=(const TierCounts& o) {
  a += o.a;
  b += o.b;
  c += o.c;
  return *this;
}

TierCounts& TierCounts::operator-=(const TierCounts& o) {
  a -= o.a;
  b -= o.b;
  c -= o.c;
  return *this;
}

}  // namespace dlp
