#pragma once
#include "detect/validators/validator.hpp"

namespace dlp {

// PRC resident identity card number, GB 11643-1999: region, birth date,
// sequence and an ISO 7064 MOD 11-2 check character.
class ResidentIdValidator final : public Validator {
 public:
  explicit ResidentIdValidator(const ValidatorConfig& config) : config_(config) {}
  bool validate(const TextWindow& w, std::uint64_t end, TextForm, Candidate& out) const override;
  std::string mask(std::string_view value) const override;

  // The 18-character number alone (tests and other signatures use it).
  bool valid_number(std::string_view id) const;

 private:
  ValidatorConfig config_;
};

}  // namespace dlp
