#include "replay_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "alert/alert_format.hpp"
#include "common/json_writer.hpp"
#include "common/sha256.hpp"

namespace dlp {

namespace fs = std::filesystem;

void ReplayTotals::add(const Alert& a) {
  if (a.event != "dlp.flow" && a.event != "dlp.bulk_access") return;
  std::lock_guard lock(mutex_);
  Category& c = categories_[a.category];
  ++c.alerts;
  c.distinct += a.distinct;
  c.records += a.records;
  ++severities_[a.severity];
}

std::string ReplayTotals::json() const {
  std::lock_guard lock(mutex_);
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("by_category").begin_object();
  for (const auto& [name, c] : categories_) {
    w.key(name).begin_object();
    w.field("alerts", c.alerts).field("distinct", c.distinct).field("records", c.records).end_object();
  }
  w.end_object().key("by_severity").begin_object();
  for (const Severity s : {Severity::info, Severity::warning, Severity::critical, Severity::severe}) {
    const auto it = severities_.find(s);
    w.field(severity_name(s), it == severities_.end() ? std::uint64_t{0} : it->second);
  }
  w.end_object().end_object();
  return out;
}

std::string signature_set_digest(const SensorConfig& config) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_directory(config.signatures, ec)) {
    for (const auto& entry : fs::directory_iterator(config.signatures, ec))
      if (entry.path().extension() == ".sig") files.push_back(entry.path());
  } else {
    files.emplace_back(config.signatures);
  }
  std::sort(files.begin(), files.end());
  if (const std::string list = config.destination_list(); !list.empty()) files.emplace_back(list);
  Sha256 hash;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string name = path.filename().string() + '\0';
    hash.update(name.data(), name.size());
    hash.update(bytes.data(), bytes.size());
  }
  return hash.hex();
}

namespace {

std::string files_json(const std::vector<EvidenceFile>& files) {
  std::string out;
  JsonWriter w(out);
  w.begin_array();
  for (const EvidenceFile& f : files) {
    w.begin_object().field("name", f.name).field("size", f.size);
    if (!f.sha256.empty()) w.field("sha256", f.sha256);  // none: the replay stopped inside the file
    w.field("linktype", f.linktype).field("packets", f.packets);
    if (f.packets > 0) w.field("first_packet", format_iso8601(f.first)).field("last_packet", format_iso8601(f.last));
    w.end_object();
  }
  w.end_array();
  return out;
}

// The version, the signature set, and each option the alerts depend on.
std::string settings_json(const SensorConfig& c) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().field("version", DLP_VERSION).field("signatures", c.signatures);
  w.field("signature_digest", signature_set_digest(c)).field("home_net", c.home_net).field("server_net", c.server_net);
  w.key("insider").value(c.report.insider).key("all_directions").value(c.report.all_directions);
  w.field("threshold_alert_after_seconds", static_cast<std::uint64_t>(c.report.threshold_alert_age_usec / 1'000'000));
  w.field("host_window_hours", static_cast<std::uint64_t>(c.report.hosts.window_usec / 3'600'000'000ull));
  w.field("community_id_seed", std::uint64_t{c.report.community_id_seed});
  w.end_object();
  return out;
}

}  // namespace

Alert replay_summary(const SensorConfig& config, const std::vector<EvidenceFile>& files, const ReplayTotals& totals) {
  Alert a;
  a.event = "dlp.replay_summary";
  a.signature = "replay summary";
  a.severity = Severity::info;  // a report, not a finding: the totals say how severe the alerts were
  a.proto = "";
  a.direction = Direction::internal;
  a.timestamp = a.flow_start = a.flow_end = Timestamp::now();
  bool any = false;
  for (const EvidenceFile& f : files) {
    a.bytes += f.size;
    if (f.packets == 0) continue;
    if (!any || f.first.usec < a.flow_start.usec) a.flow_start = f.first;
    if (!any || f.last.usec > a.flow_end.usec) a.flow_end = f.last;
    any = true;
  }
  if (any) a.timestamp = a.flow_end;
  a.files = files_json(files);
  a.settings = settings_json(config);
  a.totals = totals.json();
  return a;
}

}  // namespace dlp
