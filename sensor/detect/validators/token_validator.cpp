#include "detect/validators/token_validator.hpp"

namespace dlp {

bool TokenValidator::validate(const TextWindow& w, std::uint64_t end, TextForm, Candidate& out) const {
  if (is_alnum(w.at(end))) return false;
  std::uint64_t start = end;
  while (end - start <= max_ && is_alnum(w.at(start - 1))) --start;
  if (end - start < min_ || end - start > max_) return false;
  std::string token;
  for (std::uint64_t off = start; off < end; ++off) token.push_back(static_cast<char>(w.at(off)));
  if (!check(token)) return false;
  out.value = std::move(token);
  out.start = start;
  return true;
}

std::string TokenValidator::mask(std::string_view value) const {
  if (value.size() <= 4) return std::string(value.size(), '*');
  return std::string(value.substr(0, 2)) + std::string(value.size() - 4, '*') +
         std::string(value.substr(value.size() - 2));
}

}  // namespace dlp
