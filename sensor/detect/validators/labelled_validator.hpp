#pragma once
#include "detect/validators/validator.hpp"

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
  bool validate_cell(std::string_view text, Candidate& out) const override;
  // Keeps the first character.
  std::string mask(std::string_view value) const override;

 protected:
  virtual bool value_char(std::uint32_t cp) const = 0;
  virtual bool check(const std::string& value) const = 0;
};

// A registry of the keyword-bound validators by name; null if unknown.
std::unique_ptr<Validator> make_labelled_validator(std::string_view name);

// A format with a validator of its own that is only worth reading after a
// keyword (15-digit IDs, cards failing Luhn, passports, permits, IMEI, IMSI):
// rather than a pattern Hyperscan runs over every byte, its keywords are
// labels, and the token that follows one (within a few characters: 号码为：)
// is handed to the format's validator. Found this way a value keeps medium
// confidence: its validator still checked it.
class LabelledTokenValidator final : public Validator {
 public:
  explicit LabelledTokenValidator(const Validator& inner) : inner_(inner) {}
  std::size_t lookahead() const override { return kReach; }
  bool reads_labelled_value() const override { return true; }
  bool validate(const TextWindow& w, std::uint64_t end, TextForm form, Candidate& out) const override;
  bool validate_cell(std::string_view text, Candidate& out) const override { return inner_.validate_cell(text, out); }
  std::string mask(std::string_view value) const override { return inner_.mask(value); }

 private:
  static constexpr std::size_t kReach = 64;  // label to the end of its token
  static constexpr std::size_t kGap = 24;    // label to the start of its token
  const Validator& inner_;
};

}  // namespace dlp
