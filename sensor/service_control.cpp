#include "service_control.hpp"

#include <fmt/format.h>

#include <iostream>

#include "common/json_writer.hpp"

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

void print_stats(WorkerPool* workers, const PacketSource* source, IcapServer* icap, const AlertWriter& writer,
                 const Timings& t) {
  std::string line;
  JsonWriter w(line);
  w.begin_object().field("event", "stats");
  if (workers) workers->write_stats(w, *source);
  if (icap) {
    const IcapServerStats stats = icap->stats();
    write_counter_group(w, "icap", stats.icap);
    write_counter_group(w, "icap_users", stats.users);
  }
  writer.write_stats(w);
  w.field("signature_compile_seconds", t.compile).field("elapsed_seconds", t.capture);
  w.field("delivery_wait_seconds", t.delivery_wait);
  w.end_object();
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

bool ServiceControl::tend(timespec wait) {
  if (progress_) progress_->update(progress_now());
  const int sig = signals_.take(wait);
  if (sig == SIGHUP) {
    // logrotate has moved the alert files away
    for (const auto& e : writer_.reopen()) std::cerr << "dlp-sensor: " << e << std::endl;
    if (!reloading_.valid()) reloading_ = std::async(std::launch::async, reload_signatures, config_);
  }
  if (reloading_.valid() && reloading_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    Reloaded r = reloading_.get();
    if (r.engine && icap_) icap_->reload(r.engine);
    if (r.engine && workers_) workers_->reload(std::move(r.engine));
    std::cerr << r.report << std::endl;
  }
  if (sig == SIGINT || sig == SIGTERM) return true;  // every flow still reports
  if (config_.stats_interval > 0 && seconds_since(last_stats_) >= config_.stats_interval) {
    print_stats(workers_, source_, icap_, writer_, timings());
    last_stats_ = Clock::now();
  }
  return false;
}

}  // namespace dlp
