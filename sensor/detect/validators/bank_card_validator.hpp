#pragma once
#include "detect/validators/validator.hpp"

namespace dlp {

// UnionPay and domestic debit cards: 16 to 19 digits with a 62 or 60 issuer
// prefix and a Luhn check digit, written plain or as 4-4-4-4(-3) groups.
// Not every domestic card passes Luhn (ISO/IEC 7812-1): the `unchecked` form
// takes the 62/60 numbers that fail it and legacy 9xxx debit cards, for a
// signature that requires a card keyword.
class BankCardValidator final : public Validator {
 public:
  enum class Check { luhn, unchecked };
  explicit BankCardValidator(Check check = Check::luhn) : check_(check) {}
  bool validate(const TextWindow& w, std::uint64_t end, TextForm, Candidate& out) const override;
  std::string mask(std::string_view value) const override;

  static bool luhn(std::string_view digits);

 private:
  Check check_;
};

}  // namespace dlp
