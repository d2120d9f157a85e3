#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "detect/text_window.hpp"

namespace dlp {

// A validated value: normalised (separators and prefixes removed), and where
// it starts in the stream.
struct Candidate {
  std::string value;
  std::uint64_t start = 0;
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
  // How many bytes after the match decide its right boundary.
  virtual std::size_t lookahead() const { return 1; }
  virtual bool validate(const TextWindow& w, std::uint64_t end, Candidate& out) const = 0;
  // The form safe to show in an alert.
  virtual std::string mask(std::string_view value) const = 0;
};

// The validator called `name` in signature files, or null if there is none.
std::unique_ptr<Validator> make_validator(std::string_view name, const ValidatorConfig& config);

}  // namespace dlp
