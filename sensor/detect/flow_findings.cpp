#include "detect/flow_findings.hpp"

#include <functional>

#include "common/json_writer.hpp"

namespace dlp {

void FindingsStats::write_json(JsonWriter& w) const { w.field("distinct_cap_hits", distinct_cap_hits); }

void FlowFindings::on_finding(const Signature& signature, const Candidate& candidate) {
  if (categories_.empty()) categories_.resize(signatures_->categories().size());
  Category& c = categories_[signature.category_index];
  if (!c.first) c.first = &signature;
  ++c.matches;
  std::uint64_t hash = std::hash<std::string_view>{}(candidate.value);
  if (c.distinct.size() >= config_->max_distinct && !c.distinct.count(hash)) {
    ++stats_->distinct_cap_hits;
    return;
  }
  if (c.distinct.insert(hash).second && c.samples.size() < config_->max_samples &&
      config_->sample_mode != SampleMode::none)
    c.samples.push_back(sample_of(config_->sample_mode, *signature.validator, candidate.value, config_->hmac_key));
}

std::size_t FlowFindings::memory_bytes() const {
  std::size_t bytes = categories_.capacity() * sizeof(Category);
  for (const Category& c : categories_) {
    bytes += c.distinct.bucket_count() * sizeof(void*) + c.distinct.size() * 32;  // node: next, hash, value
    for (const auto& s : c.samples) bytes += sizeof(s) + s.capacity();
  }
  return bytes;
}

void FlowFindings::append_alerts(const FlowSummary& flow, std::vector<Alert>& out) const {
  for (const Category& c : categories_) {
    if (!c.first) continue;
    Alert a;
    a.timestamp = flow.now;
    a.event = "dlp.flow";
    a.signature_id = c.first->id;
    a.signature = c.first->name;
    a.category = c.first->category;
    a.severity = c.first->severity;
    a.src = flow.sender;
    a.dst = flow.receiver;
    a.proto = flow.proto;
    a.app = flow.app;
    a.direction = flow.direction;
    a.matches = c.matches;
    a.distinct = c.distinct.size();
    a.samples = c.samples;
    a.flow_start = flow.start;
    a.flow_end = flow.end;
    a.bytes = flow.bytes;
    out.push_back(std::move(a));
  }
}

}  // namespace dlp
