#pragma once
#include <vector>

#include "detect/signature_set.hpp"

struct hs_database;

namespace dlp {

// All signature patterns compiled into one Hyperscan streaming database.
// A pattern that does not compile is a SignatureError naming its file:line.
// Masked patterns also report where they start (SOM): their token is taken
// as matched, with no validator to read it back.
class PatternDatabase {
 public:
  explicit PatternDatabase(const SignatureSet& signatures);
  ~PatternDatabase();
  PatternDatabase(const PatternDatabase&) = delete;
  PatternDatabase& operator=(const PatternDatabase&) = delete;

  const hs_database* get() const { return db_; }
  // The signature (index into SignatureSet::signatures()) of a Hyperscan id.
  std::size_t signature_of(unsigned pattern_id) const { return patterns_[pattern_id].signature; }
  bool is_masked(unsigned pattern_id) const { return patterns_[pattern_id].masked; }
  std::size_t stream_state_bytes() const { return stream_size_; }
  double compile_seconds() const { return compile_seconds_; }

 private:
  hs_database* db_ = nullptr;
  struct Pattern {
    std::size_t signature;
    bool masked;
  };
  std::vector<Pattern> patterns_;
  std::size_t stream_size_ = 0;
  double compile_seconds_ = 0;
};

}  // namespace dlp
