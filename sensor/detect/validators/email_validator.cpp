#include "detect/validators/email_validator.hpp"

#include <algorithm>

namespace dlp {

namespace {

bool domain_char(int c) { return is_alnum(c) || c == '.' || c == '-'; }
bool local_char(int c) { return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; }

bool valid_domain(std::string_view d) {
  if (d.size() > 253) return false;
  std::size_t labels = 0;
  std::string_view last;
  while (!d.empty()) {
    auto dot = d.find('.');
    auto label = d.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    last = label;
    ++labels;
    if (dot == std::string_view::npos) break;
    d.remove_prefix(dot + 1);
    if (d.empty()) return false;
  }
  return labels >= 2 && last.size() >= 2 && last.size() <= 24 &&
         std::all_of(last.begin(), last.end(), [](char c) { return is_alpha(c); });
}

}  // namespace

bool EmailValidator::validate(const TextWindow& w, std::uint64_t end, TextForm, Candidate& out) const {
  int next = w.at(end);
  if (is_alnum(next) || next == '-' || next == '_' || (next == '.' && is_alnum(w.at(end + 1)))) return false;

  std::uint64_t at = end;
  while (at > 0 && end - at <= 253 && domain_char(w.at(at - 1))) --at;
  if (at == 0 || w.at(at - 1) != '@') return false;
  std::uint64_t start = at - 1;
  while (start > 0 && at - 1 - start < 64 && local_char(w.at(start - 1))) --start;
  if (local_char(w.at(start - 1))) return false;  // local part longer than 64

  std::string value;
  for (std::uint64_t o = start; o < end; ++o) {
    int c = w.at(o);
    value.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  }
  if (!well_formed(value)) return false;
  out.value = std::move(value);
  out.start = start;
  return true;
}

bool EmailValidator::well_formed(std::string_view address) {
  auto atsign = address.find('@');
  if (atsign == std::string_view::npos || atsign > 64) return false;
  std::string_view local = address.substr(0, atsign);
  if (local.empty() || local.front() == '.' || local.back() == '.' || local.find("..") != local.npos) return false;
  if (!std::all_of(local.begin(), local.end(), [](char c) { return local_char(static_cast<unsigned char>(c)); }))
    return false;
  std::string_view domain = address.substr(atsign + 1);
  return std::all_of(domain.begin(), domain.end(), [](char c) { return domain_char(static_cast<unsigned char>(c)); }) &&
         valid_domain(domain);
}

std::string EmailValidator::mask(std::string_view value) const {
  auto atsign = value.find('@');
  return std::string(value.substr(0, 1)) + "***" + std::string(value.substr(atsign));
}

}  // namespace dlp
