#include "detect/findings/flow_findings.hpp"

#include <algorithm>
#include <functional>

#include "common/json_writer.hpp"
#include "common/uri_shape.hpp"

namespace dlp {

namespace {

constexpr std::size_t kMaxRecordValues = 32;

std::uint64_t hash_of(std::string_view value) { return std::hash<std::string_view>{}(value); }

// A is the richest tier (the lowest threshold); none is no tier at all.
LegalTier richer(LegalTier a, LegalTier b) { return a < b ? a : b; }

}  // namespace

CategoryFindings& FlowFindings::category_of(const Signature& signature) {
  if (categories_.empty()) categories_.resize(signatures_->categories().size());
  CategoryFindings& c = categories_[signature.category_index];
  if (!c.first) c.first = &signature;
  return c;
}

bool FlowFindings::insert_capped(std::unordered_set<std::uint64_t>& set, std::uint64_t hash) {
  if (set.size() >= config_->max_distinct && !set.count(hash)) {
    ++stats_->distinct_cap_hits;
    return false;
  }
  return set.insert(hash).second;
}

FlowFindings::FlowFindings(FlowFindings&& o) noexcept
    : signatures_(o.signatures_), config_(o.config_), stats_(o.stats_), categories_(std::move(o.categories_)),
      sources_(std::move(o.sources_)), ignored_(std::move(o.ignored_)), uri_values_(std::move(o.uri_values_)),
      last_uri_(std::move(o.last_uri_)), last_template_(o.last_template_), changed_(o.changed_) {
  for (Source& s : sources_) s.owner = this;
}

void FlowFindings::Source::on_finding(const Signature& signature, const Candidate& candidate) {
  owner->add(*this, signature, candidate);
}

void FlowFindings::Source::on_masked(const Signature& signature, std::string_view token) {
  owner->insert_capped(owner->category_of(signature).masked, hash_of(token));
}

void FlowFindings::Source::on_delimiter(RecordDelimiter delimiter) {
  switch (delimiter) {
    case RecordDelimiter::line_end:
      // Pretty-printed JSON spreads an object over lines.
      if (depth == 0) owner->close_record(*this);
      break;
    case RecordDelimiter::object_start: ++depth; break;
    case RecordDelimiter::object_end:
      depth = std::max(depth - 1, 0);
      owner->close_record(*this);
      break;
  }
}

void FlowFindings::ignore_value(std::string_view value) {
  if (ignored_.size() < config_->max_distinct) ignored_.insert(hash_of(value));
}

void FlowFindings::add(Source& source, const Signature& signature, const Candidate& candidate) {
  CategoryFindings& c = category_of(signature);
  if (signature.sample_values.count(candidate.value)) {
    ++c.sample_values;
    ++stats_->sample_values;
    return;
  }
  const std::uint64_t hash = hash_of(candidate.value);
  if (!ignored_.empty() && ignored_.count(hash)) return;
  ++c.matches[static_cast<int>(source.id)];
  // The first context a category's values were seen in, unless a later one names more (a file, a statement).
  if (source.context && (!c.has_context || (c.context.filename.empty() && !source.context->filename.empty()) ||
                         (c.context.db_query.empty() && !source.context->db_query.empty()))) {
    c.context = *source.context;
    c.has_context = true;
  }
  add_to_record(source, signature, hash);
  if (!insert_capped(c.distinct, hash)) return;
  if (signature.tier == LegalTier::none) {
    ++stats_->informational;
    return;
  }
  changed_ = true;
  if (source.context && !source.context->http_uri.empty()) count_by_uri(*source.context);
  ++c.by_confidence[static_cast<int>(candidate.confidence)];
  if (c.samples.size() < config_->max_samples && config_->sample_mode != SampleMode::none)
    c.samples.push_back(sample_of(config_->sample_mode, *signature.validator, candidate.value, config_->hmac_key));
}

void FlowFindings::count_by_uri(const ContentContext& context) {
  if (context.http_uri != last_uri_) {  // a new request: its template's place (past the end when none is free)
    last_uri_ = context.http_uri;
    std::string path = uri_shape(context.http_uri).path_template;
    auto it = std::find_if(uri_values_.begin(), uri_values_.end(), [&](const auto& u) { return u.first == path; });
    if (it == uri_values_.end() && uri_values_.size() < kMaxUriTemplates)
      it = uri_values_.insert(uri_values_.end(), {std::move(path), 0});
    last_template_ = static_cast<std::size_t>(it - uri_values_.begin());
  }
  if (last_template_ < uri_values_.size())
    ++uri_values_[last_template_].second;
  else
    ++stats_->uri_template_cap_hits;
}

void FlowFindings::add_to_record(Source& source, const Signature& signature, std::uint64_t hash) {
  if (signature.tier == LegalTier::none) return;
  std::vector<RecordValue>& record = source.record;
  if (signature.identifier) {
    for (const RecordValue& v : record)
      if (v.signature->identifier && v.signature->category_index == signature.category_index && v.hash != hash) {
        close_record(source);  // another person's identifier: the record ended without a delimiter
        break;
      }
  }
  if (record.size() == kMaxRecordValues) {
    ++stats_->record_cap_hits;
    close_record(source);
  }
  record.push_back({&signature, hash});
}

void FlowFindings::close_record() {
  for (Source& s : sources_) close_record(s);
}

void FlowFindings::close_record(Source& source) {
  std::vector<RecordValue>& record = source.record;
  auto id = std::find_if(record.begin(), record.end(), [](const RecordValue& v) { return v.signature->identifier; });
  bool other = false;
  LegalTier tier = LegalTier::none;
  for (const RecordValue& v : record) {
    tier = richer(tier, v.signature->tier);
    if (id != record.end() && (v.signature->category_index != id->signature->category_index || v.hash != id->hash))
      other = true;
  }
  if (id != record.end() && other) {
    CategoryFindings& c = categories_[id->signature->category_index];
    auto it = c.records.find(id->hash);
    if (it == c.records.end()) {
      if (c.records.size() < config_->max_distinct) {
        c.records.emplace(id->hash, tier);
        c.record_tiers.add(tier);
        changed_ = true;
      } else {
        ++stats_->distinct_cap_hits;
      }
    } else if (richer(it->second, tier) != it->second) {
      TierCounts moved;
      moved.add(it->second);
      c.record_tiers -= moved;
      c.record_tiers.add(tier);
      it->second = tier;
      changed_ = true;
    }
  }
  record.clear();
}

std::size_t FlowFindings::memory_bytes() const {
  std::size_t bytes = categories_.capacity() * sizeof(CategoryFindings) + ignored_.size() * 32 + last_uri_.capacity();
  for (const auto& [path, values] : uri_values_) bytes += sizeof(values) + path.capacity();
  for (const Source& s : sources_) bytes += s.record.capacity() * sizeof(RecordValue);
  for (const CategoryFindings& c : categories_) {
    for (const auto* set : {&c.distinct, &c.masked})
      bytes += set->bucket_count() * sizeof(void*) + set->size() * 32;  // node: next, hash, value
    bytes += c.records.bucket_count() * sizeof(void*) + c.records.size() * 32;
    for (const auto& s : c.samples) bytes += sizeof(s) + s.capacity();
  }
  return bytes;
}

bool CategoryFindings::reported() const {
  return !distinct.empty() && distinct.size() >= first->min_values && first->tier != LegalTier::none;
}

OptionTable<FindingsConfig> findings_options() {
  return {option::choice("sample-mode", "MODE", &FindingsConfig::sample_mode, parse_sample_mode, sample_mode_name,
                         "masked, hmac, none or clear",
                         "what alerts show of the values found: masked (138****5678), hmac (HMAC-SHA256 with "
                         "--hmac-key-file, cut to 64 bits: the same value gives the same sample), none, or clear "
                         "(the values themselves: personal data leaves the sensor)")};
}

}  // namespace dlp
