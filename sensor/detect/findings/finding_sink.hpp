#pragma once
#include "detect/signatures/signature_set.hpp"

namespace dlp {

// What separates records: a line (or CSV row), and JSON objects.
enum class RecordDelimiter : std::uint8_t { line_end, object_start, object_end };

// Receives, in stream order, each validated value the scanner finds, each
// de-identified one (as it was written: it is masked already), and the
// delimiters that group values into records.
class FindingSink {
 public:
  virtual void on_finding(const Signature& signature, const Candidate& candidate) = 0;
  virtual void on_masked(const Signature& signature, std::string_view token) = 0;
  virtual void on_delimiter(RecordDelimiter delimiter) = 0;

 protected:
  ~FindingSink() = default;
};

}  // namespace dlp
