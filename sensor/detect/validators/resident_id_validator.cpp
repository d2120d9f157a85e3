#include "detect/validators/resident_id_validator.hpp"

namespace dlp {

namespace {

constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr char kCheckChars[] = "10X98765432";

bool valid_province(int code) {
  int tens = code / 10, units = code % 10;
  switch (tens) {
    case 1: return units >= 1 && units <= 5;
    case 2: return units >= 1 && units <= 3;
    case 3: return units >= 1 && units <= 7;
    case 4: return units >= 1 && units <= 6;
    case 5: return units <= 4;
    case 6: return units >= 1 && units <= 5;
    case 7: return units == 1;
    case 8: return units >= 1 && units <= 3;  // HK, Macao, Taiwan residence permits
    default: return false;
  }
}

bool valid_date(int y, int m, int d) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap);
}

int number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

bool ResidentIdValidator::valid_number(std::string_view id) const {
  if (id.size() != 18) return false;
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (!is_digit(id[i])) return false;
    sum += (id[i] - '0') * kWeights[i];
  }
  if (!valid_province(number(id.substr(0, 2)))) return false;
  int year = number(id.substr(6, 4));
  // The standard's own example is born in 1880, so the 1800s stay valid.
  if (year < 1800 || year > config_.max_birth_year) return false;
  if (!valid_date(year, number(id.substr(10, 2)), number(id.substr(12, 2)))) return false;
  char check = id[17] == 'x' ? 'X' : id[17];
  return check == kCheckChars[sum % 11];
}

bool ResidentIdValidator::validate(const TextWindow& w, std::uint64_t end, TextForm, Candidate& out) const {
  if (end < 18 || is_alnum(w.at(end))) return false;
  // Plain, or in 6-8-4 groups split by one kind of separator (forms, OCR).
  const int sep = w.at(end - 5);
  const bool grouped = (sep == ' ' || sep == '-') && w.at(end - 14) == sep;
  const std::uint64_t start = end - (grouped ? 20 : 18);
  if (is_alnum(w.at(start - 1))) return false;
  std::string id;
  for (std::uint64_t off = start; off < end; ++off) {
    if (grouped && (off == start + 6 || off == start + 15)) continue;
    int c = w.at(off);
    if (c < 0) return false;
    id.push_back(static_cast<char>(c));
  }
  if (!valid_number(id)) return false;
  if (id[17] == 'x') id[17] = 'X';
  out.value = std::move(id);
  out.start = start;
  return true;
}

std::string ResidentIdValidator::mask(std::string_view value) const {
  return std::string(value.substr(0, 6)) + "********" + std::string(value.substr(14));
}

}  // namespace dlp
