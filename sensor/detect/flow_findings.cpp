#include "detect/flow_findings.hpp"

#include <functional>

#include "common/json_writer.hpp"

namespace dlp {

void FindingsStats::write_json(JsonWriter& w) const {
  w.field("distinct_cap_hits", distinct_cap_hits).field("sample_values", sample_values);
}

FlowFindings::Category& FlowFindings::category_of(const Signature& signature) {
  if (categories_.empty()) categories_.resize(signatures_->categories().size());
  Category& c = categories_[signature.category_index];
  if (!c.first) c.first = &signature;
  return c;
}

bool FlowFindings::insert_capped(std::unordered_set<std::uint64_t>& set, std::string_view value) {
  std::uint64_t hash = std::hash<std::string_view>{}(value);
  if (set.size() >= config_->max_distinct && !set.count(hash)) {
    ++stats_->distinct_cap_hits;
    return false;
  }
  return set.insert(hash).second;
}

void FlowFindings::on_finding(const Signature& signature, const Candidate& candidate) {
  Category& c = category_of(signature);
  if (signature.sample_values.count(candidate.value)) {
    ++c.sample_values;
    ++stats_->sample_values;
    return;
  }
  ++c.matches;
  if (!insert_capped(c.distinct, candidate.value)) return;
  changed_ = true;
  if (c.samples.size() < config_->max_samples && config_->sample_mode != SampleMode::none)
    c.samples.push_back(sample_of(config_->sample_mode, *signature.validator, candidate.value, config_->hmac_key));
}

void FlowFindings::on_masked(const Signature& signature, std::string_view token) {
  insert_capped(category_of(signature).masked, token);
}

std::size_t FlowFindings::memory_bytes() const {
  std::size_t bytes = categories_.capacity() * sizeof(Category);
  for (const Category& c : categories_) {
    for (const auto* set : {&c.distinct, &c.masked})
      bytes += set->bucket_count() * sizeof(void*) + set->size() * 32;  // node: next, hash, value
    for (const auto& s : c.samples) bytes += sizeof(s) + s.capacity();
  }
  return bytes;
}

Alert FlowFindings::alert_of(const Category& c, const FlowSummary& flow, const char* event) const {
  Alert a;
  a.timestamp = flow.now;
  a.event = event;
  a.signature_id = c.first->id;
  a.signature = c.first->name;
  a.category = c.first->category;
  a.score = leak_score(c.first->tier, c.distinct.size(), config_->insider);
  a.severity = severity_of_score(a.score);
  a.src = flow.sender;
  a.dst = flow.receiver;
  a.proto = flow.proto;
  a.app = flow.app;
  a.direction = flow.direction;
  a.matches = c.matches;
  a.distinct = c.distinct.size();
  a.masked = c.masked.size();
  a.sample_values = c.sample_values;
  a.samples = c.samples;
  a.flow_start = flow.start;
  a.flow_end = flow.end;
  a.bytes = flow.bytes;
  return a;
}

void FlowFindings::append_alerts(const FlowSummary& flow, std::vector<Alert>& out) const {
  for (const Category& c : categories_)
    if (!c.distinct.empty()) out.push_back(alert_of(c, flow, "dlp.flow"));
}

void FlowFindings::append_crossings(const FlowSummary& flow, std::vector<Alert>& out) {
  for (Category& c : categories_) {
    if (c.distinct.empty()) continue;
    Severity now = severity_of_score(leak_score(c.first->tier, c.distinct.size(), config_->insider));
    if (now <= c.crossed || now < Severity::warning) continue;
    c.crossed = now;
    out.push_back(alert_of(c, flow, "dlp.flow_threshold"));
  }
}

}  // namespace dlp
