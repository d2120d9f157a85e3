#include "detect/validators/vehicle_validators.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace dlp {

namespace {

// The province characters of plates, in UTF-8.
constexpr std::array<std::string_view, 31> kPlateProvinces = {
    "京", "津", "沪", "渝", "冀", "豫", "云", "辽", "黑", "湘", "皖", "鲁", "新", "苏", "浙", "赣",
    "鄂", "桂", "甘", "晋", "蒙", "陕", "吉", "闽", "贵", "粤", "青", "藏", "川", "宁", "琼"};

bool plate_letter(int c) { return c >= 'A' && c <= 'Z' && c != 'I' && c != 'O'; }
bool plate_char(int c) { return plate_letter(c) || is_digit(c); }

// How many bytes one Chinese character takes in a form.
std::uint64_t cjk_bytes(TextForm form) {
  switch (form) {
    case TextForm::utf8: return 3;
    case TextForm::gbk: return 2;
    case TextForm::percent_utf8: return 9;
    case TextForm::percent_gbk: return 6;
    case TextForm::json: return 6;
  }
  return 0;
}

}  // namespace

bool PlateValidator::validate(const TextWindow& w, std::uint64_t end, TextForm form, Candidate& out) const {
  if (is_alnum(w.at(end))) return false;
  // 京A·12345 / 京A 12345: a middle dot (in the form's encoding) or a space
  // may follow the office letter.
  static constexpr std::string_view kDots[] = {"\xC2\xB7", "\xA1\xA4", "%C2%B7", "%A1%A4", "\\u00b7"};  // by TextForm
  const std::string_view dot = kDots[static_cast<int>(form)];
  auto bytes_before = [&](std::uint64_t pos, std::string_view s) {
    if (pos < s.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
      int c = w.at(pos - s.size() + i);
      if (c < 0 || std::tolower(c) != std::tolower(static_cast<unsigned char>(s[i]))) return false;
    }
    return true;
  };
  const std::uint64_t width = cjk_bytes(form);
  // Five characters after the office letter, or six on new-energy plates.
  for (std::uint64_t len : {5, 6}) {
    if (end < len) return false;
    std::string serial;
    for (std::uint64_t off = end - len; off < end; ++off) {
      if (!plate_char(w.at(off))) return false;
      serial.push_back(static_cast<char>(w.at(off)));
    }
    std::uint64_t pos = end - len;
    if (w.at(pos - 1) == ' ')
      pos -= 1;
    else if (bytes_before(pos, dot))
      pos -= dot.size();
    if (!plate_letter(w.at(pos - 1))) continue;
    const char office = static_cast<char>(w.at(--pos));
    if (len == 6) {
      auto digits = [&](std::size_t from, std::size_t to) {
        return std::all_of(serial.begin() + from, serial.begin() + to, [](char c) { return is_digit(c); });
      };
      const bool small_car = (serial[0] == 'D' || serial[0] == 'F') && digits(2, 6);
      const bool large = digits(0, 5) && (serial[5] == 'D' || serial[5] == 'F');
      if (!small_car && !large) continue;
    }
    if (pos < width) continue;
    FormReader reader(w, pos - width, pos, form);
    auto province = reader.next();
    if (!province || reader.pos() != pos) continue;
    if (std::find(kPlateProvinces.begin(), kPlateProvinces.end(), *province) == kPlateProvinces.end()) continue;
    out.value = *province + office + serial;
    out.start = pos - width;
    return true;
  }
  return false;
}

std::string PlateValidator::mask(std::string_view value) const {
  // Province character and office letter stay: they say where, not whom.
  return std::string(value.substr(0, value.size() - 5)) + "***" + std::string(value.substr(value.size() - 2));
}

bool VinValidator::check(std::string& token) const {
  static constexpr int kWeights[17] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
  auto value = [](char c) -> int {
    if (is_digit(c)) return c - '0';
    static constexpr int kLetters[26] = {1, 2,  3, 4,  5, 6, 7, 8, -1, 1, 2, 3, 4,
                                         5, -1, 7, -1, 9, 2, 3, 4, 5,  6, 7, 8, 9};
    return c >= 'A' && c <= 'Z' ? kLetters[c - 'A'] : -1;
  };
  int sum = 0, letters = 0, digits = 0;
  for (int i = 0; i < 17; ++i) {
    int v = value(token[i]);
    if (v < 0) return false;
    (is_digit(token[i]) ? digits : letters)++;
    sum += v * kWeights[i];
  }
  // A run of one kind only is a number or a word, not a VIN.
  if (letters == 0 || digits == 0) return false;
  int check = sum % 11;
  return token[8] == (check == 10 ? 'X' : static_cast<char>('0' + check));
}

bool UsccValidator::valid(std::string_view code) {
  static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  if (code.size() != 18) return false;
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    auto v = kAlphabet.find(code[i]);
    if (v == std::string_view::npos) return false;
    sum += static_cast<int>(v) * kWeights[i];
  }
  for (int i = 2; i < 8; ++i)
    if (!is_digit(code[i])) return false;  // the region code
  // A code whose first 17 characters are digits is far more likely a
  // resident ID or an order number (1 in 31 passes the check); real
  // organisation codes carry letters.
  if (std::all_of(code.begin(), code.end() - 1, [](char c) { return is_digit(c); })) return false;
  return code[17] == kAlphabet[(31 - sum % 31) % 31];
}

bool UsccValidator::check(std::string& token) const {
  return valid(token) && (token.compare(0, 2, "92") == 0) == sole_proprietor_;
}

}  // namespace dlp
