#include "detect/validators/bank_card_validator.hpp"

#include "detect/scan/token_reader.hpp"

namespace dlp {

bool BankCardValidator::luhn(std::string_view digits) {
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

bool BankCardValidator::validate(const TextWindow& w, std::uint64_t end, TextForm, Candidate& out) const {
  if (is_alnum(w.at(end))) return false;
  TokenReader r(w, end);
  int last = r.run_length(19);
  if (last >= 16 && last <= 19) {
    r.digits(last);
  } else if (last >= 1 && last <= 4) {
    // Grouped: four groups of four, then optionally a short group, all split
    // by the same separator.
    r.digits(last);
    // 6222 0000 1111 2222 is not a card when " 333" follows: that is one 19-digit number.
    if (last == 4 && (w.at(end) == ' ' || w.at(end) == '-') && is_digit(w.at(end + 1))) return false;
    int groups = last == 4 ? 1 : 0;
    char sep[2] = {};
    for (; groups < 4; ++groups) {
      int s = r.separator(sep[0] ? sep : " -");
      if (!s || !r.digits(4)) return false;
      sep[0] = static_cast<char>(s);
    }
  } else {
    return false;
  }
  if (!r.at_boundary()) return false;
  const std::string& digits = r.value();
  if (digits.size() < 16 || digits.size() > 19) return false;
  const bool unionpay = digits[0] == '6' && (digits[1] == '2' || digits[1] == '0');
  if (check_ == Check::luhn ? !unionpay || !luhn(digits) : !(unionpay ? !luhn(digits) : digits[0] == '9')) return false;
  out.start = r.pos();
  out.value = digits;
  return true;
}

std::string BankCardValidator::mask(std::string_view value) const {
  return std::string(value.substr(0, 4)) + std::string(value.size() - 8, '*') +
         std::string(value.substr(value.size() - 4));
}

}  // namespace dlp
