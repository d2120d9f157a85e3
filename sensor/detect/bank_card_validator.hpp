#pragma once
#include "detect/validator.hpp"

namespace dlp {

// UnionPay and domestic debit cards: 16 to 19 digits with a 62 or 60 issuer
// prefix and a Luhn check digit, written plain or as 4-4-4-4(-3) groups.
class BankCardValidator final : public Validator {
 public:
  bool validate(const TextWindow& w, std::uint64_t end, Candidate& out) const override;
  std::string mask(std::string_view value) const override;

  static bool luhn(std::string_view digits);
};

}  // namespace dlp
