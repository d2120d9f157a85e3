#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "detect/scan/text_form.hpp"
#include "detect/scan/text_window.hpp"

namespace dlp {

// How sure the sensor is that a value is what its signature says, as the
// leading products grade it: high = pattern + validator + a keyword of its
// category nearby (or its table column's header); medium = pattern +
// validator; low = a keyword-bound type, read after its label.
enum class Confidence : std::uint8_t { low, medium, high };
const char* confidence_name(Confidence c);

// A validated value: normalised (separators and prefixes removed), and where
// it starts in the stream.
struct Candidate {
  std::string value;
  std::uint64_t start = 0;
  Confidence confidence = Confidence::medium;
  // A value of a range that is only personal with context (a data card's
  // number): counted only after its category's keyword or under its column.
  bool needs_context = false;
};

struct ValidatorConfig {
  int max_birth_year = 2100;  // the current year: later birth dates are not real
};

// Turns a Hyperscan match (which reports only where it ends) into a value:
// reads the token back from its end, checks that it is not part of a longer
// token, and applies the check digits, dates and ranges of its format.
class Validator {
 public:
  virtual ~Validator() = default;
  // How many bytes after the match decide its right boundary (two: a
  // number followed by ".5" is the integer part of a decimal).
  virtual std::size_t lookahead() const { return 2; }
  // `form` is the encoding the matched pattern was compiled in (see TextForm).
  virtual bool validate(const TextWindow& w, std::uint64_t end, TextForm form, Candidate& out) const = 0;
  // The form safe to show in an alert.
  virtual std::string mask(std::string_view value) const = 0;
  // Keyword-bound validators (LabelledValidator) read the value after a
  // label; the others read the token a pattern matched.
  virtual bool reads_labelled_value() const { return false; }
  // A table cell under a header of this signature's, as UTF-8 without the
  // quotes and spaces around it: by default, the cell as the whole token.
  virtual bool validate_cell(std::string_view text, Candidate& out) const;
};

// The validator called `name` in signature files, or null if there is none.
std::unique_ptr<Validator> make_validator(std::string_view name, const ValidatorConfig& config);

}  // namespace dlp
