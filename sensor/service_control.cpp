#include "service_control.hpp"

#include <fmt/format.h>

#include <iostream>

#include "common/json_writer.hpp"
#include "metrics/prometheus_text.hpp"
#include "replay_summary.hpp"

namespace dlp {

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

Reloaded reload_signatures(const SensorConfig& config) {
  try {
    auto engine = std::make_shared<const DetectionEngine>(config.signatures, config.validators, config.signature_cache,
                                                          config.destination_list());
    std::string report = fmt::format(
        "{{\"event\":\"reload\",\"signatures\":{},\"patterns\":{},\"signature_compile_seconds\":{:.3f}}}",
        engine->signatures.signatures().size(), engine->patterns.pattern_count(), engine->patterns.compile_seconds());
    return {std::move(engine), std::move(report)};
  } catch (const SignatureError& e) {
    return {nullptr, fmt::format("dlp-sensor: signature reload failed, the loaded set stays: {}", e.what())};
  }
}

void write_sensor_stats(StatsWriter& w, WorkerPool* workers, const PacketSource* source, IcapServer* icap,
                        const AlertWriter& writer, const Timings& t) {
  if (workers) workers->write_stats(w, *source);
  if (icap) {
    const IcapServerStats stats = icap->stats();
    write_counter_group(w, "icap", stats.icap);
    write_counter_group(w, "icap_users", stats.users);
  }
  writer.write_stats(w);
  w.seconds("signature_compile_seconds", t.compile, "time the signatures took to compile at start");
  w.seconds("elapsed_seconds", t.capture, "time since the capture started");
  w.seconds("delivery_wait_seconds", t.delivery_wait, "time the outputs took to send what they held at exit");
}

void print_stats(WorkerPool* workers, const PacketSource* source, IcapServer* icap, const AlertWriter& writer,
                 const Timings& t) {
  std::string line;
  JsonWriter json(line);
  json.begin_object().field("event", "stats");
  JsonStatsWriter w(json);
  write_sensor_stats(w, workers, source, icap, writer, t);
  json.end_object();
  std::cerr << line << std::endl;
}

void ServiceControl::show_progress(ProgressLine* line, const AlertTally* tally) {
  progress_ = line;
  tally_ = tally;
  if (source_) bytes_total_ = source_->bytes_total();
}

Progress ServiceControl::progress_now() const {
  Progress p;
  if (source_) {
    p.bytes = source_->bytes_read();
    p.bytes_total = bytes_total_;
    p.packets = source_->packets_read();
    p.live = source_->live();
    p.drops = source_->counts().dropped;
  }
  p.alerts = tally_->read();
  return p;
}

void ServiceControl::finish_progress() {
  if (progress_) progress_->finish(progress_now());
}

namespace {
constexpr auto kMetricsRefresh = std::chrono::seconds(1);
}  // namespace

void ServiceControl::serve_metrics(MetricsServer* server, const AlertTally* tally) {
  metrics_ = server;
  metrics_tally_ = tally;
  signatures_loaded();
  publish_metrics();
}

void ServiceControl::signatures_loaded() {
  if (!metrics_) return;
  signature_digest_ = signature_set_digest(config_);
  signatures_loaded_at_ =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string ServiceControl::metrics_page() {
  PrometheusText page;
  PrometheusStatsWriter w(page);
  write_sensor_stats(w, workers_, source_, icap_, writer_, timings());
  write_counter_group(w, "metrics", metrics_->stats());
  for (std::size_t e = 0; e < AlertTally::kEventCount; ++e)
    for (Severity s : {Severity::info, Severity::warning, Severity::critical, Severity::severe})
      page.add("dlp_alert_events", {{"event", std::string(AlertTally::kEvents[e])}, {"severity", severity_name(s)}},
               fmt::format("{}", metrics_tally_->read(e, s)), "alerts sent to the outputs, by event and severity",
               MetricKind::counter);
  page.add("dlp_signatures_info", {{"digest", signature_digest_}}, "1",
           "the signature set in use: the SHA-256 of its files, as dlp.replay_summary gives it", MetricKind::gauge);
  page.add("dlp_signatures_loaded_timestamp_seconds", {}, fmt::format("{}", signatures_loaded_at_),
           "when the signature set in use was loaded or reloaded (Unix time)", MetricKind::gauge);
  page.add("dlp_build_info", {{"version", DLP_VERSION}}, "1", "the sensor's version", MetricKind::gauge);
  return page.text();
}

void ServiceControl::publish_metrics() {
  if (!metrics_) return;
  metrics_->publish(metrics_page());
  last_metrics_ = Clock::now();
}

bool ServiceControl::tend(timespec wait) {
  if (stopping_) return true;
  if (progress_) progress_->update(progress_now());
  const int sig = signals_.take(wait);
  if (sig == SIGHUP) {
    // logrotate has moved the alert files away
    for (const auto& e : writer_.reopen()) std::cerr << "dlp-sensor: " << e << std::endl;
    if (!reloading_.valid()) reloading_ = std::async(std::launch::async, reload_signatures, config_);
  }
  if (reloading_.valid() && reloading_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    Reloaded r = reloading_.get();
    if (r.engine) signatures_loaded();
    if (r.engine && icap_) icap_->reload(r.engine);
    if (r.engine && workers_) workers_->reload(std::move(r.engine));
    std::cerr << r.report << std::endl;
  }
  if (sig == SIGINT || sig == SIGTERM) return stopping_ = true;  // every flow still reports
  if (metrics_ && Clock::now() - last_metrics_ >= kMetricsRefresh) publish_metrics();
  if (config_.stats_interval > 0 && seconds_since(last_stats_) >= config_.stats_interval) {
    print_stats(workers_, source_, icap_, writer_, timings());
    last_stats_ = Clock::now();
  }
  return false;
}

}  // namespace dlp
