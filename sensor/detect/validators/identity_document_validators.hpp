#pragma once
#include "detect/validators/resident_id_validator.hpp"
#include "detect/validators/token_validator.hpp"

namespace dlp {

// The first-generation 15-digit resident ID (AAAAAA YYMMDD SSS, born 19YY,
// no check digit). Reported as the 18-digit number it became (GB 11643-1999
// inserts "19" before the year and appends the check digit), so both forms of one person count once. Weak alone: its
// signature requires a keyword.
class ResidentId15Validator final : public TokenValidator {
 public:
  explicit ResidentId15Validator(const ValidatorConfig& config) : TokenValidator(15, 15), full_(config) {}
  std::string mask(std::string_view value) const override { return full_.mask(value); }

 private:
  bool check(std::string& token) const override;
  ResidentIdValidator full_;
};

// Hong Kong identity card: 1-2 letters, 6 digits, check character (0-9 or
// A) often written in parentheses: A123456(3).
class HkIdValidator final : public Validator {
 public:
  bool validate(const TextWindow& w, std::uint64_t end, TextForm form, Candidate& out) const override;
  std::string mask(std::string_view value) const override;
  static bool valid(std::string_view id);  // letters, 6 digits, check, no parentheses
};

// Taiwan national ID and the 2021+ resident certificate: letter, 1/2 (or
// 8/9), 8 digits, weighted check over the letter's two-digit code.
class TwIdValidator final : public TokenValidator {
 public:
  TwIdValidator() : TokenValidator(10, 10) {}

 private:
  bool check(std::string& token) const override;
};

// Travel documents without a public check digit: only the shape of each
// series is known, so their signatures require a keyword.
//   cn_passport: E + 8 digits, E + letter + 7 digits, G + 8 digits, D/S/P series
//   hk_macau_permit: C + 8 digits or C + letter + 7 digits (mainland
//     residents); H/M + 8 or 10 digits (HK/Macao residents' home return permit)
//   mainland_travel_permit: L + 8 digits (to Taiwan)
class TravelDocumentValidator final : public TokenValidator {
 public:
  enum class Kind { passport, hk_macau_permit, mainland_travel_permit };
  explicit TravelDocumentValidator(Kind kind) : TokenValidator(8, 11), kind_(kind) {}

 private:
  bool check(std::string& token) const override;
  Kind kind_;
};

}  // namespace dlp
