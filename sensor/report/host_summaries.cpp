#include "report/host_summaries.hpp"

#include <algorithm>

#include "common/json_writer.hpp"
#include "report/legal_score.hpp"

namespace dlp {

void HostSummaries::forget(Host& h, const FlowEntry& e) {
  h.bytes -= e.bytes;
  for (const CategoryTotals& t : e.totals) {
    auto it = h.sums.find(t.signature->category);
    Sum& sum = it->second;
    sum.totals -= t;
    if (e.off_hours) sum.off_hours_records -= t.records.total();
    // Nothing left: the sum goes (its signatures may go with the flows that were in it).
    if (sum.totals.matches == 0 && sum.totals.distinct == 0) {
      h.sums.erase(it);
      continue;
    }
    // Below a level again: reaching it later is news.
    sum.reported = std::min(sum.reported, severity_of_score(score_of(sum.totals, insider_)));
  }
}

// The host that sent nothing for the longest time leaves the table.
void HostSummaries::make_room() {
  auto oldest = std::min_element(hosts_.begin(), hosts_.end(),
                                 [](const auto& a, const auto& b) { return a.second.last.usec < b.second.last.usec; });
  hosts_.erase(oldest);
  ++stats_.host_evictions;
}

void HostSummaries::expire(Host& h, Timestamp now) {
  const auto window = static_cast<std::int64_t>(config_.window_usec);
  while (!h.flows.empty() &&
         (now.usec - h.flows.front().at.usec > window || h.flows.size() >= config_.max_flows_per_host)) {
    if (now.usec - h.flows.front().at.usec <= window) ++stats_.flow_evictions;
    forget(h, h.flows.front());
    h.flows.pop_front();
  }
}

void HostSummaries::add(const Endpoint& host, Timestamp start, Timestamp now, std::uint64_t bytes, bool off_hours,
                        const std::vector<CategoryTotals>& totals, std::shared_ptr<const void> keep_alive,
                        std::vector<Alert>& out, const std::string& user) {
  if (totals.empty()) return;
  const Key key{user, user.empty() ? host.ip : IpAddress{}};
  if (!hosts_.count(key) && hosts_.size() >= config_.max_hosts) make_room();
  Host& h = hosts_[key];
  h.last = now;
  h.address = host.ip;
  expire(h, now);
  h.flows.push_back({start, now, bytes, off_hours, totals, std::move(keep_alive)});
  h.bytes += bytes;
  for (const CategoryTotals& t : totals) {
    Sum& sum = h.sums[t.signature->category];
    sum.totals.signature = t.signature;
    sum.totals += t;
    if (off_hours) sum.off_hours_records += t.records.total();
    // A level one flow reached alone its own alert has announced.
    sum.reported = std::max(sum.reported, severity_of_score(score_of(t, insider_)));
    const double score = score_of(sum.totals, insider_);
    const Severity now_severity = severity_of_score(score);
    if (now_severity <= sum.reported || now_severity < Severity::warning) continue;
    sum.reported = now_severity;
    out.push_back(alert_of(key, h, sum, score, now));
  }
  stats_.hosts = hosts_.size();
}

Alert HostSummaries::alert_of(const Key& key, const Host& h, const Sum& sum, double score, Timestamp now) const {
  Alert a = summary_alert(kind_.event, sum.totals, score, insider_, now);
  (kind_.host_received ? a.dst : a.src) = {h.address, 0};
  a.user = key.first;
  a.direction = kind_.direction;
  a.off_hours_records = sum.off_hours_records;
  a.flow_start = h.flows.front().start;
  a.flow_end = now;
  a.bytes = h.bytes;
  return a;
}

OptionTable<HostSummaryConfig> host_summary_options() {
  return {option::integer("host-window", "HOURS", &HostSummaryConfig::window_usec, 1, 720, 3600LL * 1'000'000,
                          "what each internal host sent, and each workstation retrieved from the servers, is summed "
                          "over this much capture time; a dlp.host_summary (dlp.workstation_summary) alert reports "
                          "each severity level the sum reaches")};
}

}  // namespace dlp
