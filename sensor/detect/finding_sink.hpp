#pragma once
#include "detect/signature_set.hpp"

namespace dlp {

// Receives each validated value the scanner finds, and each de-identified
// one (as it was written: it is masked already).
class FindingSink {
 public:
  virtual void on_finding(const Signature& signature, const Candidate& candidate) = 0;
  virtual void on_masked(const Signature& signature, std::string_view token) = 0;

 protected:
  ~FindingSink() = default;
};

}  // namespace dlp
