#pragma once
#include "detect/validators/validator.hpp"

namespace dlp {

// Email addresses: a local part of up to 64 characters, a domain of up to
// 253 with well-formed labels and an alphabetic top-level label.
class EmailValidator final : public Validator {
 public:
  // "a@b.com." ends a sentence; "a@b.com.cn" goes on: two bytes decide.
  std::size_t lookahead() const override { return 2; }
  bool validate(const TextWindow& w, std::uint64_t end, TextForm, Candidate& out) const override;
  std::string mask(std::string_view value) const override;
  // A local part and a domain as above (the address as read, lower-cased).
  static bool well_formed(std::string_view address);
};

}  // namespace dlp
