#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/content_context.hpp"
#include "common/counters.hpp"
#include "common/option_table.hpp"
#include "detect/findings/finding_sink.hpp"
#include "detect/findings/sample.hpp"

namespace dlp {

struct FindingsConfig {
  SampleMode sample_mode = SampleMode::masked;
  std::string hmac_key;  // for SampleMode::hmac
  std::size_t max_samples = 3;
  std::size_t max_distinct = 100'000;  // per category and flow direction
};

OptionTable<FindingsConfig> findings_options();

struct FindingsStats {
  std::uint64_t distinct_cap_hits = 0;
  std::uint64_t record_cap_hits = 0;
  std::uint64_t sample_values = 0;
  std::uint64_t informational = 0;
  std::uint64_t uri_template_cap_hits = 0;
  static constexpr Counter<FindingsStats> counters[] = {
      {"distinct_cap_hits", &FindingsStats::distinct_cap_hits, "values not counted: a category reached max_distinct"},
      {"record_cap_hits", &FindingsStats::record_cap_hits, "a record closed early: too many values in it"},
      {"sample_values", &FindingsStats::sample_values, "well-known example values, not counted as leaks"},
      {"informational", &FindingsStats::informational,
       "distinct values of tier-none categories (organisations): no alert"},
      {"uri_template_cap_hits", &FindingsStats::uri_template_cap_hits,
       "values of an HTTP request template past a flow direction's max_uri_templates: not counted by path"},
  };
};

// What one flow direction carried of one category.
struct CategoryFindings {
  const Signature* first = nullptr;
  std::uint64_t matches[2] = {};  // by FindingSource; the alert says the larger
  ContentContext context;
  bool has_context = false;
  std::unordered_set<std::uint64_t> distinct;
  std::uint64_t by_confidence[3] = {};                   // distinct values, by Confidence
  std::unordered_map<std::uint64_t, LegalTier> records;  // identifier hash -> richest tier
  TierCounts record_tiers;                               // the records, by tier
  std::unordered_set<std::uint64_t> masked;
  std::uint64_t sample_values = 0;
  std::vector<std::string> samples;
  // Whether it holds personal data (a tier) and values that count, as many
  // as its signature's min_values.
  bool reported() const;
  std::uint64_t matches_found() const { return std::max(matches[0], matches[1]); }
};

// Distinct values by HTTP request template ("/api/user/{n}"), in the order the templates came.
using UriValues = std::vector<std::pair<std::string, std::uint64_t>>;

// The two streams of a flow direction's values: its raw bytes, and the
// content its application decoders gave (bodies, parts, files). The same
// value found in both counts once.
enum class FindingSource { raw, decoded };

// What one direction of a flow carried, per category: how many values
// matched, how many were distinct (by confidence), how many distinct ones
// were de-identified already or well-known examples (neither counts toward
// severity), a few samples (masked by default), and the records built
// around its identifiers.
//
// A record is one person: the values between two delimiters (a line, or a
// JSON object) holding a strong identifier and at least one other personal
// attribute. It is deduplicated by its first identifier and counted in that
// identifier's category, in the richest tier among its values; a second
// identifier of the same category starts a new record (unbalanced braces
// must not merge a whole table into one).
// Only hashes of values and the samples are kept, so unless samples are
// asked for in clear the sensor's memory holds no personal data.
class FlowFindings {
 public:
  FlowFindings(const SignatureSet& signatures, const FindingsConfig& config, FindingsStats& stats)
      : signatures_(&signatures), config_(&config),
        stats_(&stats), sources_{Source(*this, FindingSource::raw), Source(*this, FindingSource::decoded)} {}
  FlowFindings(FlowFindings&& other) noexcept;

  // Where the scanner of a stream reports; records are built per stream.
  FindingSink& sink(FindingSource source) { return sources_[static_cast<int>(source)]; }
  // What a stream's values belong to from now on (the alert names the
  // first one with a file name); `context` must outlive the next change.
  void set_context(FindingSource source, const ContentContext* context) {
    sources_[static_cast<int>(source)].context = context;
  }
  // Values that are not leaked data here (a mail's envelope addresses).
  void ignore_value(std::string_view value);
  // The end of the data: the records being read are complete.
  void close_record();
  bool empty() const { return categories_.empty(); }
  // Whether a new distinct value came since the last call.
  bool take_changed() { return std::exchange(changed_, false); }
  std::size_t memory_bytes() const;
  // By category index; a category no value was found of has no `first`.
  const std::vector<CategoryFindings>& categories() const { return categories_; }
  // The distinct values of personal data by the template of the HTTP
  // request they came in (or answered: a response's values are its
  // request's), for the first kMaxUriTemplates templates.
  static constexpr std::size_t kMaxUriTemplates = 16;
  const UriValues& uri_values() const { return uri_values_; }

 private:
  struct RecordValue {
    const Signature* signature;
    std::uint64_t hash;
  };
  // One stream's side: its record being read, and its context.
  struct Source final : FindingSink {
    Source(FlowFindings& owner, FindingSource id) : owner(&owner), id(id) {}
    void on_finding(const Signature& signature, const Candidate& candidate) override;
    void on_masked(const Signature& signature, std::string_view token) override;
    void on_delimiter(RecordDelimiter delimiter) override;
    FlowFindings* owner;
    FindingSource id;
    std::vector<RecordValue> record;  // the values of the record being read
    int depth = 0;                    // JSON objects open
    const ContentContext* context = nullptr;
  };
  CategoryFindings& category_of(const Signature& signature);
  void add(Source& source, const Signature& signature, const Candidate& candidate);
  void add_to_record(Source& source, const Signature& signature, std::uint64_t hash);
  void close_record(Source& source);
  void count_by_uri(const ContentContext& context);
  // Adds a value's hash to `set` unless the per-category cap is reached.
  bool insert_capped(std::unordered_set<std::uint64_t>& set, std::uint64_t hash);
  const SignatureSet* signatures_;
  const FindingsConfig* config_;
  FindingsStats* stats_;
  std::vector<CategoryFindings> categories_;  // by category index, sized on first finding
  std::array<Source, 2> sources_;
  std::unordered_set<std::uint64_t> ignored_;
  UriValues uri_values_;
  std::string last_uri_;  // the request whose template is at last_template_ (past the end: no room)
  std::size_t last_template_ = kMaxUriTemplates;
  bool changed_ = false;
};

}  // namespace dlp
