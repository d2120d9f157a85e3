#include "icap/icap_service.hpp"

#include <fmt/format.h>

#include <random>

namespace dlp {

namespace {

ReportConfig icap_report_config(ReportConfig c) {
  // The proxy sends what its policy wants inspected: downloads report too.
  c.all_directions = true;
  return c;
}

BlockPage load_block_page(const std::string& path) { return path.empty() ? BlockPage() : BlockPage(path); }

}  // namespace

IcapService::IcapService(const IcapConfig& config, const InspectionConfig& stages, Engine engine, AlertHandler on_alert,
                         MessageLog http_log)
    : config_(config), scan_config_(stages.scan), report_config_(icap_report_config(stages.report)), reassembly_{},
      ftp_(app_stats_.ftp), sessions_{reassembly_, stages.findings, findings_stats_, stages.app, app_stats_, ftp_},
      current_(std::make_shared<Generation>(std::move(engine), stages.scan)), reporter_(report_config_),
      block_page_(load_block_page(config.block_page)), on_alert_(std::move(on_alert)), http_log_(std::move(http_log)),
      instance_(std::random_device{}()) {
  istag_ = fmt::format("dlp-{:08x}-0", instance_ & 0xffffffff);
}

void IcapService::reload(Engine engine) {
  current_ = std::make_shared<Generation>(std::move(engine), scan_config_);
  istag_ = fmt::format("dlp-{:08x}-{}", instance_ & 0xffffffff, ++reloads_);
}

std::unique_ptr<IcapInspection> IcapService::inspect(const IcapRequest& request, const IcapClient& client) {
  return std::make_unique<IcapInspection>(sessions_, current_, request, client, http_log_, Timestamp::now());
}

bool IcapService::finish(IcapInspection& inspection, std::vector<Alert>& alerts) {
  inspection.finish(reporter_, alerts);
  stats_.body_bytes += inspection.body_bytes();
  if (config_.mode != IcapMode::block) return false;
  for (const Alert& a : alerts)
    if (a.severity >= config_.block_severity) return true;
  return false;
}

void IcapService::emit(std::vector<Alert>& alerts, const std::string& alert_id, const char* action) {
  for (Alert& a : alerts) {
    a.alert_id = alert_id;
    a.action = action;
    ++stats_.alerts;
    on_alert_(a);
  }
}

std::string IcapService::next_alert_id() {
  return fmt::format("{:08x}{:08x}", instance_ & 0xffffffff, ++messages_ & 0xffffffff);
}

bool IcapService::hold(std::size_t bytes) {
  if (held_ + bytes > config_.max_held_total_bytes) return false;
  held_ += bytes;
  return true;
}

}  // namespace dlp
