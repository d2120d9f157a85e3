#include "detect/signatures/legal_tier.hpp"

namespace dlp {

bool parse_legal_tier(std::string_view text, LegalTier& out) {
  if (text == "A")
    out = LegalTier::A;
  else if (text == "B")
    out = LegalTier::B;
  else if (text == "C")
    out = LegalTier::C;
  else if (text == "none")
    out = LegalTier::none;
  else
    return false;
  return true;
}

const char* legal_tier_name(LegalTier tier) {
  switch (tier) {
    case LegalTier::A: return "A";
    case LegalTier::B: return "B";
    case LegalTier::C: return "C";
    case LegalTier::none: return "none";
  }
  return "none";
}

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
