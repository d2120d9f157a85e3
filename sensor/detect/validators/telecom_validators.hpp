#pragma once
#include "detect/validators/token_validator.hpp"

namespace dlp {

// Fixed-line numbers: trunk 0 + area code (10, 2X, or three digits) and a
// 7-8 digit subscriber number not starting with 0 or 1 (8 digits for 010 and
// 02X), written plain, split by a space or dash, or as (0755)12345678.
// 400/800/95xxx service numbers have no trunk 0, so they never match.
class LandlineValidator final : public Validator {
 public:
  bool validate(const TextWindow& w, std::uint64_t end, TextForm form, Candidate& out) const override;
  std::string mask(std::string_view value) const override;
};

// IMEI (15 digits) and ICCID (8986 + 15-16 digits): Luhn over the whole run.
class LuhnTokenValidator final : public TokenValidator {
 public:
  LuhnTokenValidator(std::size_t min_length, std::size_t max_length, std::string prefix)
      : TokenValidator(min_length, max_length), prefix_(std::move(prefix)) {}

 private:
  bool check(std::string& token) const override;
  std::string prefix_;
};

// IMSI of a Chinese operator: MCC 460, an allocated MNC, 15 digits.
class ImsiValidator final : public TokenValidator {
 public:
  ImsiValidator() : TokenValidator(15, 15) {}

 private:
  bool check(std::string& token) const override;
};

}  // namespace dlp
