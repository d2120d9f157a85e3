#pragma once
#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "common/byte_span.hpp"
#include "common/counters.hpp"
#include "common/option_table.hpp"
#include "detect/findings/finding_sink.hpp"
#include "detect/scan/byte_kernels.hpp"
#include "detect/scan/keyword_context.hpp"
#include "detect/scan/table_context.hpp"
#include "detect/scan/text_normaliser.hpp"
#include "detect/scan/text_window.hpp"
#include "detect/scan/token_runs.hpp"
#include "detect/signatures/pattern_database.hpp"

struct hs_stream;
struct hs_scratch;

namespace dlp {

struct ScanConfig {
  // How far before a value a keyword of its category makes it high
  // confidence: 300 characters (Purview's window), counted as bytes of
  // UTF-8 Chinese, three per character.
  std::size_t keyword_proximity = 300;
};

OptionTable<ScanConfig> scan_options();

struct ScanStats {
  std::uint64_t streams = 0;
  std::uint64_t bytes = 0;
  std::uint64_t matches = 0;
  std::uint64_t validated = 0;
  std::uint64_t masked = 0;
  std::uint64_t no_keyword = 0;
  std::uint64_t other_column = 0;
  std::uint64_t scan_errors = 0;
  static constexpr Counter<ScanStats> counters[] = {
      {"streams", &ScanStats::streams, "content streams opened"},
      {"bytes", &ScanStats::bytes, "bytes scanned"},
      {"matches", &ScanStats::matches, "raw pattern matches"},
      {"validated", &ScanStats::validated, "matches that passed their validator"},
      {"masked", &ScanStats::masked, "de-identified values (138****5678)"},
      {"no_keyword", &ScanStats::no_keyword, "valid values needing a keyword or column of their kind, without one"},
      {"other_column", &ScanStats::other_column,
       "valid values under the header of another kind they are also valid as"},
      {"scan_errors", &ScanStats::scan_errors, "Hyperscan refused a call"},
  };
};

// One content stream (a flow direction, later also each decoded layer): a
// Hyperscan stream (and one per token database, opened when first fed runs of token
// bytes) plus the tail of recent bytes that validators read back into, the
// matches waiting for the bytes that decide them, and the context (keywords
// seen, a table's header) that grades their confidence.
class ContentStream {
 public:
  static constexpr std::size_t kHistory = 1024;  // a table row or an email read back fits

  ContentStream() = default;
  ~ContentStream();
  ContentStream(const ContentStream&) = delete;
  ContentStream& operator=(const ContentStream&) = delete;

  // The history, Hyperscan stream state and context, allocated on first use.
  std::size_t memory_bytes(const PatternDatabase& db) const {
    std::size_t tokens = 0;
    for (std::size_t t = 0; t < PatternDatabase::kTokenTiers; ++t)
      tokens += (tokens_[t].hs ? db.token_tiers()[t].state_bytes : 0) + tokens_[t].runs.memory_bytes();
    return (history_ ? kHistory : 0) + (hs_ ? db.stream_state_bytes() : 0) + tokens +
           pending_.capacity() * sizeof(Pending) + (keywords_ ? keywords_->memory_bytes() : 0) + table_.memory_bytes();
  }

 private:
  friend class Scanner;
  struct Pending {
    unsigned pattern;
    std::uint64_t start;  // masked patterns only (SOM)
    std::uint64_t end;
  };
  struct TokenStream {
    hs_stream* hs = nullptr;
    TokenRuns runs;
    std::uint64_t fed = 0;  // bytes given to hs
  };
  hs_stream* hs_ = nullptr;
  std::array<TokenStream, PatternDatabase::kTokenTiers> tokens_;
  std::uint64_t offset_ = 0;   // bytes seen (normalised), gaps included
  std::uint64_t hs_base_ = 0;  // stream offset where the Hyperscan stream began
  std::uint64_t floor_ = 0;    // nothing before this may be read: stream start or a gap
  std::uint64_t lines_ = 0;    // line ends resolved
  std::unique_ptr<std::array<std::uint8_t, kHistory>> history_;
  std::vector<Pending> pending_;
  TextNormaliser normaliser_;
  std::unique_ptr<KeywordContext> keywords_;
  TableContext table_;
};

// Scans content streams with one database; owns the worker's scratch. The
// whole loop: normalise the bytes, write them to the Hyperscan stream,
// collect where matches end, then resolve them in stream order: keywords
// and delimiters update the stream's context; each value is read back and
// checked by its signature's validator, and graded by that context.
class Scanner {
 public:
  Scanner(const PatternDatabase& db, const SignatureSet& signatures, const ScanConfig& config = {});
  ~Scanner();
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  void write(ContentStream& s, ByteSpan data, FindingSink& sink);
  // Bytes were lost: no token may span the hole.
  void gap(ContentStream& s, std::uint64_t length, FindingSink& sink);
  void close(ContentStream& s, FindingSink& sink);

  const ScanStats& stats() const { return stats_; }

 private:
  static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void* ctx);
  static int on_token_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void* ctx);
  bool open(ContentStream& s);
  void scan(ContentStream& s, ByteSpan data, FindingSink& sink);
  void scan_tokens(ContentStream& s, ByteSpan data, std::size_t first_new);
  void scan_token_tier(ContentStream& s, std::size_t tier, ByteSpan data, std::size_t first_new);
  bool open_token_stream(ContentStream::TokenStream& t, std::size_t tier);
  template <typename Visit>
  void each_delimiter(Visit&& visit);
  void find_delimiters(ContentStream& s, ByteSpan data, std::size_t first_new, FindingSink& sink);
  void on_delimiter(ContentStream& s, const TextWindow& window, PatternKind kind, std::uint64_t at, FindingSink& sink);
  static TextWindow window_of(const ContentStream& s, ByteSpan chunk);
  void merge_new_matches(ContentStream& s, std::size_t first_new, std::size_t middle);
  void resolve(ContentStream& s, ByteSpan chunk, bool at_end, FindingSink& sink);
  void on_value(ContentStream& s, const TextWindow& window, const Signature& sig, Candidate& c, FindingSink& sink);
  void on_line_end(ContentStream& s, const TextWindow& window, std::uint64_t newline, FindingSink& sink);
  bool claimed_by_column(const TableContext::Column& column, const Candidate& c) const;
  static bool read_masked(const TextWindow& window, std::uint64_t start, std::uint64_t end, std::string& token);
  void end_hs_stream(ContentStream& s, FindingSink& sink);
  void reset_hs_streams(ContentStream& s);
  void close_hs_streams(ContentStream& s);

  const PatternDatabase& db_;
  const SignatureSet& signatures_;
  const ByteKernels& kernels_;
  const std::uint64_t keyword_reach_;  // bytes
  hs_scratch* scratch_ = nullptr;
  ContentStream* current_ = nullptr;  // the stream whose matches the callback collects
  struct TokenPiece {
    std::uint64_t fed_at;     // offset in the token stream
    std::uint64_t stream_at;  // offset in the content stream
  };
  static constexpr std::size_t kNoTokenTier = std::numeric_limits<std::size_t>::max();
  std::size_t token_run_min_ = kNoTokenTier;    // the shortest token match of any tier
  std::vector<std::uint64_t> token_masks_;      // reused: a chunk's token bytes, a mask per 64
  std::vector<std::uint64_t> delimiter_masks_;  // reused: and its record delimiters
  std::vector<TokenRun> token_runs_;            // reused: the token runs of a chunk
  std::string token_batch_;                     // reused: the runs one tier is fed
  std::vector<TokenPiece> token_pieces_;        // reused: where each piece of the batch came from
  std::vector<ContentStream::Pending> merged_;  // reused: the chunk's matches in order
  std::string masked_token_;                    // reused: no allocation per masked match
  std::string normalised_;                      // reused: the normalised bytes of a write
  std::vector<std::pair<const TableContext::Column*, std::string>> cells_;  // reused
  ScanStats stats_;
};

}  // namespace dlp
