#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "detect/signatures/legal_tier.hpp"
#include "detect/validators/validator.hpp"

namespace dlp {

// Where a line of a signature file came from, for error messages.
struct SourceLine {
  std::string file;
  int line = 0;
};

struct SignaturePattern {
  std::string regex;
  SourceLine source;
};

struct Signature {
  std::uint32_t id = 0;
  std::string name;
  std::string category;
  std::size_t category_index = 0;  // dense index into SignatureSet::categories()
  LegalTier tier = LegalTier::C;
  std::string validator_name;
  std::unique_ptr<Validator> validator;
  // For a token validator given labels: reads the token after a label.
  std::unique_ptr<Validator> label_validator;
  std::vector<SignaturePattern> patterns;
  // Keyword-bound types (姓名, 地址, QQ, ...): the labels their values follow;
  // the validator reads the value after the label, in the label's encoding.
  std::vector<SignaturePattern> labels;
  // Context words: a value with one of its category's keywords within the
  // proximity window before it is of high confidence.
  std::vector<SignaturePattern> keywords;
  // Only counted when the nearest keyword before it is of this category
  // (weak forms: the 15-digit ID, cards without Luhn, IMEI).
  bool require_keyword = false;
  // The encodings its patterns, labels and keywords with Chinese in them
  // are compiled in (all by default).
  TextForms forms = kEveryTextForm;
  // A strong identifier (ID, mobile, card, passport, permit): what a record
  // is built around and deduplicated by.
  bool identifier = false;
  // A flow direction with fewer distinct values of its category reports
  // none (the category's first signature says): where one value is
  // ordinary (a login) and only a list is a leak.
  std::uint64_t min_values = 1;
  // De-identified forms (138****5678): counted apart, never as a leak.
  std::vector<SignaturePattern> masked_patterns;
  // Well-known example values (a standard's, a faker library's, test cards),
  // normalised as the validator gives them: counted apart, never as a leak.
  std::unordered_set<std::string> sample_values;
  SourceLine source;

  // The validator of a match of one of its patterns, or of one of its labels.
  const Validator& validator_for(bool label) const { return label && label_validator ? *label_validator : *validator; }
};

// A problem in a signature file; what() is "FILE:LINE: reason".
class SignatureError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The signatures loaded from a file or from every *.sig file of a directory
// (in name order). The format is described in signatures/README.md.
class SignatureSet {
 public:
  static SignatureSet load(const std::string& path, const ValidatorConfig& config);
  static SignatureSet parse(const std::string& text, const std::string& file_name, const ValidatorConfig& config);

  const std::vector<Signature>& signatures() const { return signatures_; }
  const std::vector<std::string>& categories() const { return categories_; }

 private:
  void parse_into(const std::string& text, const std::string& file_name, const ValidatorConfig& config);
  void finish(Signature& s, bool has_tier);

  std::vector<Signature> signatures_;
  std::vector<std::string> categories_;
};

}  // namespace dlp
