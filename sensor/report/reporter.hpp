#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "common/alert.hpp"
#include "common/option_table.hpp"
#include "detect/findings/flow_findings.hpp"
#include "report/flow_summary.hpp"
#include "report/host_summaries.hpp"
#include "report/receiver_summaries.hpp"
#include "report/upload_volumes.hpp"
#include "report/work_hours.hpp"

namespace dlp {

struct ReportConfig {
  bool all_directions = false;  // alert on inbound, internal and external data too
  bool insider = false;         // 法释〔2017〕10号 Art. 5 item 8: the thresholds are halved
  std::uint16_t community_id_seed = 0;
  // A flow this old (capture time) reports each severity level it reaches
  // at once, in a dlp.flow_threshold alert; a younger one waits for its end.
  std::int64_t threshold_alert_age_usec = 30'000'000;
  HostSummaryConfig hosts;
  ReceiverSummaryConfig receivers;
  UploadVolumeConfig uploads;
  WorkHoursConfig work_hours;
};

OptionTable<ReportConfig> report_options();

// The highest level each category of a running flow direction has
// reported in a dlp.flow_threshold alert, by category index.
using ThresholdMarks = std::vector<Severity>;

// Turns what detection found in flow directions into alerts: which
// directions are reported, each category's score and severity from its
// legal tier, its distinct values and its records, the levels a running
// flow crosses, each internal host's sum over its outbound flows, and each
// workstation's over what it retrieved from the servers.
class Reporter {
 public:
  explicit Reporter(const ReportConfig& config)
      : config_(config), work_hours_(config.work_hours), hosts_(config.hosts, kHostSummary, config.insider),
        workstations_(config.hosts, kWorkstationSummary, config.insider),
        users_(config.hosts, kUserSummary, config.insider), receivers_(config.receivers, config.hosts, config.insider),
        uploads_(config.uploads, config.hosts) {}

  // Outbound data and retrievals; every direction with all_directions.
  bool reports(Direction direction) const {
    return config_.all_directions || direction == Direction::outbound || direction == Direction::retrieval;
  }
  // Whether a flow that started at `start` reports levels as it reaches them.
  bool reports_while_running(Timestamp start, Timestamp now) const {
    return now.usec - start.usec >= config_.threshold_alert_age_usec;
  }
  // A flow direction ended: one dlp.flow alert (dlp.bulk_access for a
  // retrieval) per category of personal data (tier A, B or C) that saw a
  // value that counts, and, when it is outbound, a dlp.host_summary for each
  // level its sender's sum reaches if the sender opened the connection, a
  // dlp.receiver_summary for its receiver's if the receiver did (what a
  // crawler pulled is the receiver's, not the server's); a
  // dlp.workstation_summary for its receiver's, when it is a retrieval; a
  // dlp.user_summary for its user's, when it has one.
  // `keep_alive` owns the signatures the findings point to.
  void flow_ended(const FlowSummary& flow, const FlowFindings& findings, std::shared_ptr<const void> keep_alive,
                  std::vector<Alert>& out);
  // A flow direction still running: one dlp.flow_threshold alert
  // (dlp.bulk_access_threshold for a retrieval) per
  // category whose severity has risen to warning or above since `marks`.
  void flow_running(const FlowSummary& flow, const FlowFindings& findings, ThresholdMarks& marks,
                    std::vector<Alert>& out) const;
  // A flow direction whose content could not be read ended (see
  // UploadVolumes): an outbound one counts in its sender's upload volume;
  // `received` is what came back.
  void unread_flow_ended(const FlowSummary& flow, std::uint64_t received, std::vector<Alert>& out) {
    if (flow.direction == Direction::outbound && flow.bytes > 0) uploads_.add(flow, received, out);
  }
  const HostSummaryStats& host_stats() const { return hosts_.stats(); }
  const UploadVolumeStats& upload_stats() const { return uploads_.stats(); }
  const HostSummaryStats& workstation_stats() const { return workstations_.stats(); }
  const HostSummaryStats& user_stats() const { return users_.stats(); }
  const HostSummaryStats& receiver_stats() const { return receivers_.stats(); }

 private:
  // The larger of what the distinct values and what the records reach.
  double score_of(const CategoryFindings& c) const;
  Alert alert_of(const CategoryFindings& c, const FlowSummary& flow, const char* event) const;

  const ReportConfig& config_;
  WorkHours work_hours_;
  HostSummaries hosts_;
  HostSummaries workstations_;
  HostSummaries users_;
  ReceiverSummaries receivers_;
  UploadVolumes uploads_;
  std::vector<CategoryTotals> totals_;  // reused
};

}  // namespace dlp
