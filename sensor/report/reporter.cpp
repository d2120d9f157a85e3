#include "report/reporter.hpp"

#include "common/community_id.hpp"
#include "report/legal_score.hpp"

namespace dlp {

double Reporter::score_of(const CategoryFindings& c) const {
  return std::max(leak_score(c.first->tier, c.distinct.size(), config_.insider),
                  leak_score(c.record_tiers, config_.insider));
}

Alert Reporter::alert_of(const CategoryFindings& c, const FlowSummary& flow, const char* event) const {
  Alert a;
  a.timestamp = flow.now;
  a.event = event;
  a.signature_id = c.first->id;
  a.signature = c.first->name;
  a.category = c.first->category;
  a.score = score_of(c);
  a.severity = severity_of_score(a.score);
  describe_score(a, c.first->tier, c.record_tiers, config_.insider);
  a.src = flow.sender;
  a.dst = flow.receiver;
  a.proto = flow.proto;
  if (flow.ip_proto)
    a.community_id = community_id(flow.sender, flow.receiver, flow.ip_proto, config_.community_id_seed);
  a.app = flow.app;
  a.direction = flow.direction;
  a.matches = c.matches_found();
  a.distinct = c.distinct.size();
  a.masked = c.masked.size();
  a.sample_values = c.sample_values;
  a.records = c.records.size();
  a.low_confidence = c.by_confidence[static_cast<int>(Confidence::low)];
  a.medium_confidence = c.by_confidence[static_cast<int>(Confidence::medium)];
  a.high_confidence = c.by_confidence[static_cast<int>(Confidence::high)];
  a.samples = c.samples;
  a.flow_start = flow.start;
  a.flow_end = flow.end;
  a.bytes = flow.bytes;
  a.content = c.has_context ? c.context : flow.context;
  if (a.content.filename.empty()) a.content.filename = flow.context.filename;
  a.mail_from = flow.mail_from;
  a.rcpt_to = flow.rcpt_to;
  a.db_user = flow.db_user;
  a.db_name = flow.db_name;
  a.rows = flow.rows;
  a.truncated = flow.truncated;
  a.receiver_initiated = !flow.sender_initiated;
  a.tls = flow.tls;
  // The destination is named already (SNI, HTTP host): its kind is news.
  a.destination_kind = flow.destination_kind;
  a.user = flow.user;
  // When the data was last seen: a connection pool may be open all day.
  a.off_hours = flow.direction == Direction::retrieval && !work_hours_.contains(flow.now);
  return a;
}

void Reporter::flow_ended(const FlowSummary& flow, const FlowFindings& findings, std::shared_ptr<const void> keep_alive,
                          std::vector<Alert>& out) {
  if (findings.empty() || !reports(flow.direction)) return;
  const bool retrieval = flow.direction == Direction::retrieval;
  totals_.clear();
  for (const CategoryFindings& c : findings.categories()) {
    if (!c.reported()) continue;
    out.push_back(alert_of(c, flow, retrieval ? "dlp.bulk_access" : "dlp.flow"));
    totals_.push_back(totals_of(c));
  }
  if (flow.direction == Direction::outbound && !flow.user.empty())
    users_.add(flow.sender, flow.start, flow.now, flow.bytes, false, totals_, keep_alive, out, flow.user);
  if (flow.direction == Direction::outbound && flow.sender_initiated)
    hosts_.add(flow.sender, flow.start, flow.now, flow.bytes, false, totals_, std::move(keep_alive), out);
  else if (flow.direction == Direction::outbound)
    receivers_.add(flow, totals_, findings.uri_values(), std::move(keep_alive), out);
  if (retrieval)
    workstations_.add(flow.receiver, flow.start, flow.now, flow.bytes, !work_hours_.contains(flow.now), totals_,
                      std::move(keep_alive), out);
}

void Reporter::flow_running(const FlowSummary& flow, const FlowFindings& findings, ThresholdMarks& marks,
                            std::vector<Alert>& out) const {
  if (!reports(flow.direction)) return;
  const auto& categories = findings.categories();
  marks.resize(categories.size(), Severity::info);
  for (std::size_t i = 0; i < categories.size(); ++i) {
    const CategoryFindings& c = categories[i];
    if (!c.reported()) continue;
    const Severity now = severity_of_score(score_of(c));
    if (now <= marks[i] || now < Severity::warning) continue;
    marks[i] = now;
    out.push_back(
        alert_of(c, flow, flow.direction == Direction::retrieval ? "dlp.bulk_access_threshold" : "dlp.flow_threshold"));
  }
}

OptionTable<ReportConfig> report_options() {
  using C = ReportConfig;
  constexpr long long kSecond = 1'000'000;
  OptionTable<ReportConfig> table{
      option::flag("insider", &C::insider, true,
                   "the sensor watches an organisation whose staff hold personal data in their job (telecom, "
                   "hospital, insurer, property, courier): Art. 5 item 8 of the 2017 interpretation halves the "
                   "thresholds, so alert scores double"),
      option::integer("threshold-alert-after", "SECONDS", &C::threshold_alert_age_usec, 0, 86400, kSecond,
                      "a flow open this long reports each severity level as it reaches it (dlp.flow_threshold), "
                      "besides its totals at the end (dlp.flow); shorter flows report only at their end"),
      option::flag("all-directions", &C::all_directions, true,
                   "alert on inbound, internal and external data too, not only outbound"),
      option::integer("community-id-seed", "N", &C::community_id_seed, 0, 65535, 1,
                      "the seed of the flows' Community ID (v1), as the other sensors whose logs the alerts join "
                      "are set"),
  };
  option::append(table, option::nest(&C::hosts, host_summary_options()));
  option::append(table, option::nest(&C::receivers, receiver_summary_options()));
  option::append(table, option::nest(&C::work_hours, work_hours_options()));
  option::append(table, option::nest(&C::uploads, upload_volume_options()));
  return table;
}

}  // namespace dlp
