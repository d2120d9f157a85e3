#pragma once
#include "detect/validators/token_validator.hpp"

namespace dlp {

// Mainland licence plates (GA 36-2018): a province character, the issuing
// office's letter, an optional · or space, then 5 characters (ordinary) or
// 6 (new-energy: D/F first for small cars, last for large ones). The
// province character is read in the form its pattern matched (UTF-8, GBK,
// %-encoded or \u escaped) and reported in UTF-8: 京A12345.
class PlateValidator final : public Validator {
 public:
  bool validate(const TextWindow& w, std::uint64_t end, TextForm form, Candidate& out) const override;
  std::string mask(std::string_view value) const override;
};

// Vehicle identification number (GB 16735): 17 characters without I, O and
// Q, with the ISO 3779 check character at position 9.
class VinValidator final : public TokenValidator {
 public:
  VinValidator() : TokenValidator(17, 17) {}

 private:
  bool check(std::string& token) const override;
};

// Unified social credit code (GB 32100-2015): 18 characters over 31
// symbols, mod-31 check. `sole_proprietor` accepts only 92 codes (个体工商户,
// tied to a person); otherwise only the others (organisations).
class UsccValidator final : public TokenValidator {
 public:
  explicit UsccValidator(bool sole_proprietor) : TokenValidator(18, 18), sole_proprietor_(sole_proprietor) {}
  static bool valid(std::string_view code);

 private:
  bool check(std::string& token) const override;
  bool sole_proprietor_;
};

}  // namespace dlp
