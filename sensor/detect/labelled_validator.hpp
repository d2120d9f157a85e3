#pragma once
#include "detect/validator.hpp"

namespace dlp {

// Keyword-bound types (names, addresses, QQ numbers, policy numbers ...) have
// no shape of their own that could be told from ordinary text; they are only
// read where a label announces them: 姓名：张三, "address":"...",
// %E5%A7%93%E5%90%8D=..., or a table cell under such a header. The value is
// read in the label's form and checked as UTF-8.
class LabelledValidator : public Validator {
 public:
  static constexpr std::size_t kReach = 192;  // bytes after the label the value must end within

  std::size_t lookahead() const override { return kReach; }
  bool reads_labelled_value() const override { return true; }
  // `end` is where the label ends: separators (: ： = " and spaces) are
  // skipped, then the value is read up to the first character it cannot hold.
  bool validate(const TextWindow& w, std::uint64_t end, TextForm form, Candidate& out) const override;
  // A table cell under a labelled header, as UTF-8 (quotes and spaces around it allowed).
  bool validate_text(std::string_view text, std::string& value) const;
  // Keeps the first character.
  std::string mask(std::string_view value) const override;

 protected:
  virtual bool value_char(std::uint32_t cp) const = 0;
  virtual bool check(const std::string& value) const = 0;
};

// A registry of the keyword-bound validators by name; null if unknown.
std::unique_ptr<Validator> make_labelled_validator(std::string_view name);

}  // namespace dlp
