#pragma once
#include "detect/signature_set.hpp"

namespace dlp {

// Receives each validated value the scanner finds.
class FindingSink {
 public:
  virtual void on_finding(const Signature& signature, const Candidate& candidate) = 0;

 protected:
  ~FindingSink() = default;
};

}  // namespace dlp
