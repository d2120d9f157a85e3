#pragma once
#include "detect/validators/validator.hpp"

namespace dlp {

// Mainland mobile numbers: 11 digits in the ranges libphonenumber allocates,
// optionally +86/0086/86 in front and 3-4-4 groups split by space or dash.
// The data-card ranges 146, 148 and 149 (data and IoT SIMs, which
// libphonenumber rejects) are mobiles only in context: a phone keyword
// before them or a phone column over them.
class MobileValidator final : public Validator {
 public:
  bool validate(const TextWindow& w, std::uint64_t end, TextForm, Candidate& out) const override;
  std::string mask(std::string_view value) const override;

  static bool allocated(std::string_view number);
  static bool data_card(std::string_view number);
};

}  // namespace dlp
