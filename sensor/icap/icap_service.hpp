#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/app_config.hpp"
#include "detect/findings/flow_findings.hpp"
#include "detect/scan/scanner.hpp"
#include "icap/block_page.hpp"
#include "icap/icap_config.hpp"
#include "icap/icap_inspection.hpp"
#include "report/reporter.hpp"

namespace dlp {

// The stages' configs an ICAP message is inspected with: the workers'.
struct InspectionConfig {
  const AppConfig& app;
  const FindingsConfig& findings;
  const ScanConfig& scan;
  const ReportConfig& report;
};

// What every connection of the ICAP server shares (one thread): the stages
// a message goes through, as a worker has them for its flows, the policy
// that decides from the alerts, the ISTag, the budget of held bytes, the
// counters.
class IcapService {
 public:
  using AlertHandler = std::function<void(const Alert&)>;
  IcapService(const IcapConfig& config, const InspectionConfig& stages, Engine engine, AlertHandler on_alert,
              MessageLog http_log = {});

  // Messages from now on are inspected with `engine`; the ISTag changes, so
  // that the proxy drops what it cached of earlier answers.
  void reload(Engine engine);
  const IcapConfig& config() const { return config_; }
  const std::string& istag() const { return istag_; }
  const BlockPage& block_page() const { return block_page_; }
  IcapStats& stats() { return stats_; }
  const IcapStats& stats() const { return stats_; }
  // The table of what each proxy user sent (dlp.user_summary).
  const HostSummaryStats& user_stats() const { return reporter_.user_stats(); }

  std::unique_ptr<IcapInspection> inspect(const IcapRequest& request, const IcapClient& client);
  // The message is complete: its alerts, and whether the policy blocks it.
  bool finish(IcapInspection& inspection, std::vector<Alert>& alerts);
  // The alerts go out, each with the message's id and what was done with it
  // (blocked, allowed, aborted: the proxy went away first).
  void emit(std::vector<Alert>& alerts, const std::string& alert_id, const char* action);
  std::string next_alert_id();

  // Bytes held to return messages unchanged, against max_held_total_bytes.
  bool hold(std::size_t bytes);
  void release(std::size_t bytes) { held_ -= bytes; }

 private:
  const IcapConfig& config_;
  const ScanConfig& scan_config_;
  ReportConfig report_config_;
  ReassemblyContext reassembly_;
  FindingsStats findings_stats_;
  AppStats app_stats_;
  FtpExpectations ftp_;
  SessionContext sessions_;
  std::shared_ptr<Generation> current_;
  Reporter reporter_;
  BlockPage block_page_;
  AlertHandler on_alert_;
  MessageLog http_log_;
  std::string istag_;
  std::uint64_t instance_ = 0, messages_ = 0, reloads_ = 0;
  std::size_t held_ = 0;
  IcapStats stats_;
};

}  // namespace dlp
