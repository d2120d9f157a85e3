#pragma once
#include "detect/validators/validator.hpp"

namespace dlp {

// For formats written as one run of letters and digits (passport, HKID,
// IMEI, VIN, USCC ...): reads back the whole run that ends where the match
// ends, which must stand alone (no letter or digit touching it on either
// side), then lets the format check it.
class TokenValidator : public Validator {
 public:
  TokenValidator(std::size_t min_length, std::size_t max_length) : min_(min_length), max_(max_length) {}
  bool validate(const TextWindow& w, std::uint64_t end, TextForm form, Candidate& out) const override;
  // Keeps the first two and the last two characters.
  std::string mask(std::string_view value) const override;

 protected:
  // Checks the run; may rewrite it into its normal form (upper case ...).
  virtual bool check(std::string& token) const = 0;

 private:
  std::size_t min_, max_;
};

}  // namespace dlp
