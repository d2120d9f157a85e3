#include "detect/validators/telecom_validators.hpp"

#include <algorithm>

#include "detect/scan/token_reader.hpp"
#include "detect/validators/bank_card_validator.hpp"

namespace dlp {

bool LandlineValidator::validate(const TextWindow& w, std::uint64_t end, TextForm, Candidate& out) const {
  if (is_alnum(w.at(end))) return false;
  TokenReader r(w, end);
  int subscriber = r.run_length(12);
  std::string area;
  if (subscriber == 7 || subscriber == 8) {
    r.digits(subscriber);
    r.separator(" -");
    bool parenthesised = r.literal(")");
    int n = r.run_length(4);
    if (n != 3 && n != 4) return false;
    r.digits(n);
    if (parenthesised && !r.literal("(")) return false;
  } else if (subscriber >= 10 && subscriber <= 12) {
    // Written without a separator: the area code decides where it ends.
    r.digits(subscriber);
  } else {
    return false;
  }
  if (!r.at_boundary()) return false;
  const std::string& d = r.value();
  if (d[0] != '0') return false;
  const std::size_t area_len = d[1] == '1' || d[1] == '2' ? 3 : 4;
  if (d[1] == '1' && d[2] != '0') return false;
  const std::size_t sub_len = d.size() - area_len;
  if (d[1] == '0' || sub_len < 7 || sub_len > 8 || (area_len == 3 && sub_len != 8)) return false;
  if (d[area_len] < '2') return false;
  out.start = r.pos();
  out.value = d;
  return true;
}

std::string LandlineValidator::mask(std::string_view value) const {
  return std::string(value.substr(0, value.size() - 6)) + "****" + std::string(value.substr(value.size() - 2));
}

bool LuhnTokenValidator::check(std::string& token) const {
  return std::all_of(token.begin(), token.end(), [](char c) { return is_digit(c); }) &&
         token.compare(0, prefix_.size(), prefix_) == 0 && BankCardValidator::luhn(token);
}

bool ImsiValidator::check(std::string& token) const {
  if (!std::all_of(token.begin(), token.end(), [](char c) { return is_digit(c); })) return false;
  if (token.compare(0, 3, "460") != 0) return false;
  // 00-09 (Mobile, Unicom, Telecom), 11 (Telecom), 15 (Broadnet)
  std::string_view mnc = std::string_view(token).substr(3, 2);
  return mnc[0] == '0' || mnc == "11" || mnc == "15";
}

}  // namespace dlp
