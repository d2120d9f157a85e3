#include "detect/validators/validator.hpp"

#include "detect/validators/account_validators.hpp"
#include "detect/validators/bank_card_validator.hpp"
#include "detect/validators/email_validator.hpp"
#include "detect/validators/identity_document_validators.hpp"
#include "detect/validators/labelled_validator.hpp"
#include "detect/validators/mobile_validator.hpp"
#include "detect/validators/resident_id_validator.hpp"
#include "detect/validators/telecom_validators.hpp"
#include "detect/validators/vehicle_validators.hpp"

namespace dlp {

const char* confidence_name(Confidence c) {
  switch (c) {
    case Confidence::low: return "low";
    case Confidence::medium: return "medium";
    case Confidence::high: return "high";
  }
  return "?";
}

bool Validator::validate_cell(std::string_view text, Candidate& out) const {
  TextWindow window({}, 0, 0, as_bytes(text));
  return !text.empty() && validate(window, text.size(), TextForm::utf8, out);
}

std::unique_ptr<Validator> make_validator(std::string_view name, const ValidatorConfig& config) {
  using Document = TravelDocumentValidator::Kind;
  if (name == "cn_resident_id") return std::make_unique<ResidentIdValidator>(config);
  if (name == "cn_resident_id_15") return std::make_unique<ResidentId15Validator>(config);
  if (name == "cn_mobile") return std::make_unique<MobileValidator>();
  if (name == "cn_landline") return std::make_unique<LandlineValidator>();
  if (name == "bank_card") return std::make_unique<BankCardValidator>();
  if (name == "bank_card_unchecked") return std::make_unique<BankCardValidator>(BankCardValidator::Check::unchecked);
  if (name == "email") return std::make_unique<EmailValidator>();
  if (name == "hk_id") return std::make_unique<HkIdValidator>();
  if (name == "tw_id") return std::make_unique<TwIdValidator>();
  if (name == "cn_passport") return std::make_unique<TravelDocumentValidator>(Document::passport);
  if (name == "hk_macau_permit") return std::make_unique<TravelDocumentValidator>(Document::hk_macau_permit);
  if (name == "mainland_travel_permit")
    return std::make_unique<TravelDocumentValidator>(Document::mainland_travel_permit);
  if (name == "imei") return std::make_unique<LuhnTokenValidator>(15, 15, "");
  if (name == "iccid") return std::make_unique<LuhnTokenValidator>(19, 20, "8986");
  if (name == "imsi") return std::make_unique<ImsiValidator>();
  if (name == "vehicle_plate") return std::make_unique<PlateValidator>();
  if (name == "vin") return std::make_unique<VinValidator>();
  if (name == "uscc") return std::make_unique<UsccValidator>(false);
  if (name == "uscc_sole_proprietor") return std::make_unique<UsccValidator>(true);
  if (name == "account_list") return std::make_unique<AccountListValidator>();
  if (name == "account_labelled") return std::make_unique<AccountLabelValidator>();
  return make_labelled_validator(name);
}

}  // namespace dlp
