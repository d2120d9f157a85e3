#include "report/upload_volumes.hpp"

#include <algorithm>

namespace dlp {

void UploadVolumes::expire(Pair& p, Timestamp now) {
  const auto window = static_cast<std::int64_t>(window_.window_usec);
  while (!p.flows.empty() &&
         (now.usec - p.flows.front().at.usec > window || p.flows.size() >= window_.max_flows_per_host)) {
    if (now.usec - p.flows.front().at.usec <= window) ++stats_.flow_evictions;
    p.sent -= p.flows.front().sent;
    p.received -= p.flows.front().received;
    p.flows.pop_front();
  }
  if (p.sent <= config_.threshold_bytes) p.reported = false;
}

// The pair that sent nothing for the longest time leaves the table.
void UploadVolumes::make_room() {
  pairs_.erase(std::min_element(pairs_.begin(), pairs_.end(),
                                [](const auto& a, const auto& b) { return a.second.last.usec < b.second.last.usec; }));
  ++stats_.pair_evictions;
}

void UploadVolumes::add(const FlowSummary& flow, std::uint64_t received, std::vector<Alert>& out) {
  Key key{flow.sender.ip, flow.destination.empty() ? flow.receiver.ip.to_string() : flow.destination};
  if (!pairs_.count(key) && pairs_.size() >= config_.max_pairs) make_room();
  Pair& p = pairs_[std::move(key)];
  p.last = flow.now;
  expire(p, flow.now);
  p.flows.push_back({flow.start, flow.now, flow.bytes, received});
  p.sent += flow.bytes;
  p.received += received;
  stats_.pairs = pairs_.size();
  if (p.reported || p.sent <= config_.threshold_bytes) return;
  p.reported = true;
  out.push_back(alert_of(flow, p));
}

Alert UploadVolumes::alert_of(const FlowSummary& flow, const Pair& p) const {
  Alert a;
  a.timestamp = flow.now;
  a.event = "dlp.upload_volume";
  a.signature = "Upload volume to one destination";
  const bool listed = !flow.destination_kind.empty();
  a.severity = listed || p.sent >= 10 * config_.threshold_bytes ? Severity::critical : Severity::warning;
  a.src = {flow.sender.ip, 0};
  a.dst = flow.receiver;
  a.proto = flow.proto;
  a.app = flow.app;
  a.direction = flow.direction;
  a.flow_start = p.flows.front().start;
  a.flow_end = flow.now;
  a.bytes = p.sent;
  a.bytes_received = p.received;
  a.flows = p.flows.size();
  a.tls = flow.tls;
  a.destination = flow.destination;
  a.destination_kind = flow.destination_kind;
  return a;
}

OptionTable<UploadVolumeConfig> upload_volume_options() {
  return {option::integer("upload-volume", "MB", &UploadVolumeConfig::threshold_bytes, 1, 1'000'000, 1'000'000,
                          "a dlp.upload_volume alert when one internal host sends more than this (10^6 bytes) to one "
                          "destination within --host-window, in flows whose content could not be read (encrypted, "
                          "or of no known protocol)")};
}

}  // namespace dlp
