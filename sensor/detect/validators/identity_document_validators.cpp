#include "detect/validators/identity_document_validators.hpp"

#include <algorithm>

namespace dlp {

namespace {

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c); });
}
// Letters of document series: I and O are never used (they read as 1 and 0).
bool series_letter(char c) { return c >= 'A' && c <= 'Z' && c != 'I' && c != 'O'; }
void upper(std::string& s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
}

}  // namespace

bool ResidentId15Validator::check(std::string& token) const {
  if (!all_digits(token)) return false;
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  std::string id = token.substr(0, 6) + "19" + token.substr(6);
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (id[i] - '0') * kWeights[i];
  id.push_back("10X98765432"[sum % 11]);
  if (!full_.valid_number(id)) return false;
  token = std::move(id);
  return true;
}

bool HkIdValidator::valid(std::string_view id) {
  if (id.size() != 8 && id.size() != 9) return false;
  std::size_t letters = id.size() - 7;
  int sum = letters == 1 ? 36 * 9 : 0;  // a one-letter prefix is padded with a space, valued 36
  int weight = letters == 1 ? 8 : 9;
  for (std::size_t i = 0; i < id.size() - 1; ++i, --weight) {
    char c = id[i];
    if (i < letters) {
      if (c < 'A' || c > 'Z') return false;
      sum += (c - 'A' + 10) * weight;
    } else {
      if (!is_digit(c)) return false;
      sum += (c - '0') * weight;
    }
  }
  int check = (11 - sum % 11) % 11;
  char want = check == 10 ? 'A' : static_cast<char>('0' + check);
  return id.back() == want;
}

bool HkIdValidator::validate(const TextWindow& w, std::uint64_t end, TextForm, Candidate& out) const {
  if (is_alnum(w.at(end))) return false;
  std::uint64_t pos = end;
  char check;
  if (w.at(pos - 1) == ')') {
    if (w.at(pos - 3) != '(') return false;
    check = static_cast<char>(w.at(pos - 2));
    pos -= 3;
  } else {
    check = static_cast<char>(w.at(pos - 1));
    pos -= 1;
  }
  std::uint64_t start = pos;
  while (pos - start < 8 && is_alnum(w.at(start - 1))) --start;
  if (is_alnum(w.at(start - 1)) || pos - start < 7) return false;
  std::string id;
  for (std::uint64_t off = start; off < pos; ++off) id.push_back(static_cast<char>(w.at(off)));
  id.push_back(check);
  if (!valid(id)) return false;
  out.value = std::move(id);
  out.start = start;
  return true;
}

std::string HkIdValidator::mask(std::string_view value) const {
  return std::string(value.substr(0, value.size() - 7)) + "******" + std::string(value.substr(value.size() - 1));
}

bool TwIdValidator::check(std::string& token) const {
  upper(token);
  // The letter's two-digit code: A-H 10-17, I 34, J-N 18-22, O 35, P-V 23-29, W 32, X 30, Y 31, Z 33.
  static constexpr int kCodes[26] = {10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21,
                                     22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33};
  char letter = token[0], sex = token[1];
  if (letter < 'A' || letter > 'Z' || !all_digits(token.substr(1))) return false;
  if (sex != '1' && sex != '2' && sex != '8' && sex != '9') return false;
  int code = kCodes[letter - 'A'];
  int sum = code / 10 + (code % 10) * 9;
  for (int i = 1; i <= 8; ++i) sum += (token[i] - '0') * (9 - i);
  sum += token[9] - '0';
  return sum % 10 == 0;
}

bool TravelDocumentValidator::check(std::string& token) const {
  upper(token);
  const char first = token[0];
  auto digits_after = [&](std::size_t n) { return token.size() == n + 1 && all_digits(token.substr(1)); };
  auto letter_then_digits = [&](std::size_t n) {
    return token.size() == n + 2 && series_letter(token[1]) && all_digits(token.substr(2));
  };
  switch (kind_) {
    case Kind::passport:
      if (first == 'E') return digits_after(8) || letter_then_digits(7);
      if (first == 'G') return digits_after(8);
      if (first == 'D' || first == 'S' || first == 'P')
        return digits_after(7) || digits_after(8) || (token[1] == 'E' && letter_then_digits(7));
      return false;
    case Kind::hk_macau_permit:
      if (first == 'C') return digits_after(8) || letter_then_digits(7);
      if (first == 'H' || first == 'M') return digits_after(8) || digits_after(10);
      return false;
    case Kind::mainland_travel_permit: return first == 'L' && digits_after(8);
  }
  return false;
}

}  // namespace dlp
