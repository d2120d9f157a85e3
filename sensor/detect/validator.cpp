#include "detect/validator.hpp"

#include "detect/bank_card_validator.hpp"
#include "detect/email_validator.hpp"
#include "detect/mobile_validator.hpp"
#include "detect/resident_id_validator.hpp"

namespace dlp {

std::unique_ptr<Validator> make_validator(std::string_view name, const ValidatorConfig& config) {
  if (name == "cn_resident_id") return std::make_unique<ResidentIdValidator>(config);
  if (name == "cn_mobile") return std::make_unique<MobileValidator>();
  if (name == "bank_card") return std::make_unique<BankCardValidator>();
  if (name == "email") return std::make_unique<EmailValidator>();
  return nullptr;
}

}  // namespace dlp
