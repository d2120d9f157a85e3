#pragma once
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "detect/scan/text_form.hpp"
#include "detect/signatures/signature_set.hpp"

struct hs_database;

namespace dlp {

// What a Hyperscan match means.
enum class PatternKind : std::uint8_t {
  value,     // a signature's pattern: its validator reads the token back
  masked,    // a de-identified form (SOM): taken as matched
  label,     // a keyword-bound signature's label: the value follows it
  keyword,   // context for its signature's category
  line_end,  // '\n', '{' and '}' delimit records
  object_start,
  object_end,
};

struct PatternInfo {
  static constexpr std::size_t kNoSignature = std::numeric_limits<std::size_t>::max();
  std::size_t signature = kNoSignature;  // index into SignatureSet::signatures()
  PatternKind kind = PatternKind::value;
  TextForm form = TextForm::utf8;  // the encoding it was compiled in
  std::uint16_t length = 0;        // bytes of a label or keyword
};

// All signature patterns compiled into Hyperscan streaming databases: each
// value pattern, label and keyword in every encoding it can take (a pattern
// or keyword with Chinese characters also as GBK, %-encoded and
// \u-escaped), plus the record delimiters. A pattern that does not compile
// is a SignatureError naming its file:line.
//
// Value patterns made only of token bytes (is_token_byte: numbers and codes)
// start with a character class, not a literal, so Hyperscan would run them
// over every byte; they form a database of their own, the token database,
// which the scanner feeds only the runs of token bytes long enough to hold
// one (and the byte before each run). Pattern ids are shared by all.
//
// The token patterns are split in two tiers by their shortest match. The
// long values (bank cards, resident IDs, ICCIDs, credit codes, VINs) are
// the costly patterns, and most digit runs of ordinary data (ids, prices,
// timestamps) are too short for them: their database sees only runs of
// kLongTokenBytes or more.
class PatternDatabase {
 public:
  static constexpr std::size_t kLongTokenBytes = 15;
  struct TokenTier {
    hs_database* db = nullptr;   // nothing when no token pattern is in the tier
    std::size_t min_length = 0;  // the tier's shortest match: shorter runs are not fed
    std::size_t state_bytes = 0;
  };
  static constexpr std::size_t kTokenTiers = 2;

  // With a `cache_dir`, a database compiled before from the same patterns
  // (and Hyperscan version) is loaded from there instead of compiled again,
  // and a new one is saved there: a restart, or a replay of many small
  // captures, then skips the compile. A cache that cannot be read or
  // written is ignored.
  //
  // `separate_tokens` false compiles the token patterns into the stream
  // database with the rest: the reference the tests compare the token
  // database with.
  explicit PatternDatabase(const SignatureSet& signatures, const std::string& cache_dir = "",
                           bool separate_tokens = true);
  ~PatternDatabase();
  PatternDatabase(const PatternDatabase&) = delete;
  PatternDatabase& operator=(const PatternDatabase&) = delete;

  const hs_database* get() const { return db_; }
  const std::array<TokenTier, kTokenTiers>& token_tiers() const { return token_tiers_; }
  // The ids of the record delimiters '\n', '{' and '}': patterns the scanner
  // finds itself, in no database.
  unsigned delimiter_id(std::uint8_t byte) const {
    return byte == '\n' ? line_end_id_ : byte == '{' ? line_end_id_ + 1 : line_end_id_ + 2;
  }
  const PatternInfo& pattern(unsigned pattern_id) const { return patterns_[pattern_id]; }
  std::size_t pattern_count() const { return patterns_.size(); }
  std::size_t stream_state_bytes() const { return stream_size_; }
  double compile_seconds() const { return compile_seconds_; }
  bool from_cache() const { return from_cache_; }

 private:
  hs_database* db_ = nullptr;
  std::vector<PatternInfo> patterns_;
  std::size_t stream_size_ = 0;
  std::array<TokenTier, kTokenTiers> token_tiers_;
  unsigned line_end_id_ = 0;  // then '{' and '}'

  double compile_seconds_ = 0;
  bool from_cache_ = false;
};

}  // namespace dlp
