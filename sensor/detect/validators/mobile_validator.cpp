#include "detect/validators/mobile_validator.hpp"

#include "detect/scan/token_reader.hpp"

namespace dlp {

// 1(?:610\d|740[0-5])\d{6} | 1(?:[38]\d|4[57]|[59][0-35-9]|6[25-7]|7[0-35-8])\d{8}
bool MobileValidator::allocated(std::string_view n) {
  if (n.size() != 11 || n[0] != '1') return false;
  char b = n[1], c = n[2];
  switch (b) {
    case '3':
    case '8': return true;
    case '4': return c == '5' || c == '7';
    case '5':
    case '9': return c != '4';
    case '6': return c == '2' || c == '5' || c == '6' || c == '7' || n.substr(1, 3) == "610";
    case '7': return (c != '4' && c != '9') || (n.substr(1, 3) == "740" && n[4] <= '5');
    default: return false;
  }
}

bool MobileValidator::data_card(std::string_view n) {
  return n.size() == 11 && n[0] == '1' && n[1] == '4' && (n[2] == '6' || n[2] == '8' || n[2] == '9');
}

bool MobileValidator::validate(const TextWindow& w, std::uint64_t end, TextForm, Candidate& out) const {
  if (is_alnum(w.at(end))) return false;
  TokenReader r(w, end);
  if (!r.digits(4)) return false;
  r.separator(" -");
  if (!r.digits(4)) return false;
  r.separator(" -");
  if (!r.digits(3)) return false;
  const std::uint64_t digits_start = r.pos();
  out.needs_context = data_card(r.value());
  if (!out.needs_context && !allocated(r.value())) return false;

  // A country code in front belongs to the number; anything else
  // alphanumeric means this is the tail of a longer token.
  r.separator(" -");
  if (r.literal("86")) {
    if (!r.literal("+")) r.literal("00");
    if (r.at_boundary()) {
      out.start = r.pos();
      out.value = std::move(r.value());
      return true;
    }
  }
  r.set_pos(digits_start);
  if (!r.at_boundary()) return false;
  out.start = digits_start;
  out.value = std::move(r.value());
  return true;
}

std::string MobileValidator::mask(std::string_view value) const {
  return std::string(value.substr(0, 3)) + "****" + std::string(value.substr(7));
}

}  // namespace dlp
