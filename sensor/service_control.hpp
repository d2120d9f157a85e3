#pragma once
#include <chrono>
#include <csignal>
#include <future>
#include <string>

#include "alert/alert_writer.hpp"
#include "capture/packet_source.hpp"
#include "dispatch/worker_pool.hpp"
#include "icap/icap_server.hpp"
#include "metrics/metrics_server.hpp"
#include "options.hpp"
#include "progress_line.hpp"

namespace dlp {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t);

struct Timings {
  double compile = 0;        // signatures into the Hyperscan database
  double capture = 0;        // the capture loop and the final flush of flows
  double delivery_wait = 0;  // at exit, for network outputs to send what they hold
};

// SIGINT, SIGTERM and SIGHUP are blocked and polled from the capture loop,
// so that stopping ends the loop cleanly (every flow reports) and a reopen
// happens between packets, without handlers or globals.
class ServiceSignals {
 public:
  ServiceSignals() {
    sigemptyset(&set_);
    for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set_, s);
    sigprocmask(SIG_BLOCK, &set_, &old_);
  }
  ~ServiceSignals() { sigprocmask(SIG_SETMASK, &old_, nullptr); }
  // The next pending signal, or 0 after `wait` without one.
  int take(timespec wait = {}) const {
    int s = sigtimedwait(&set_, nullptr, &wait);
    return s > 0 ? s : 0;
  }

 private:
  sigset_t set_, old_;
};

// A signature reload's outcome: the new engine, or nothing (the old one
// stays), and the line that says which.
struct Reloaded {
  Engine engine;
  std::string report;
};

Reloaded reload_signatures(const SensorConfig& config);

// The capture's and workers' counters when there is a capture, the ICAP
// server's when it serves, the outputs', the times.
void write_sensor_stats(StatsWriter& w, WorkerPool* workers, const PacketSource* source, IcapServer* icap,
                        const AlertWriter& writer, const Timings& t);
// Them as the stats line on standard error.
void print_stats(WorkerPool* workers, const PacketSource* source, IcapServer* icap, const AlertWriter& writer,
                 const Timings& t);

// What the main thread does between packets, while a pipe waits, or while
// the ICAP server alone runs: signals (SIGHUP reopens the outputs and
// reloads the signatures, off the capture path), a finished reload handed
// to the workers and the ICAP server, the periodic stats line, the
// metrics page made anew each second.
class ServiceControl {
 public:
  ServiceControl(const SensorConfig& config, const ServiceSignals& signals, WorkerPool* workers,
                 const PacketSource* source, IcapServer* icap, AlertWriter& writer, double compile_seconds)
      : config_(config), signals_(signals), workers_(workers), source_(source), icap_(icap), writer_(writer),
        compile_seconds_(compile_seconds) {}

  // The progress line is drawn as the capture goes, with `tally`'s alerts.
  void show_progress(ProgressLine* line, const AlertTally* tally);
  // `server` serves the metrics, with `tally`'s alerts.
  void serve_metrics(MetricsServer* server, const AlertTally* tally);
  // The metrics page as things are now (the capture ended: its last state).
  void publish_metrics();
  // True to stop (and from then on); `wait` for a signal first.
  bool tend(timespec wait = {});
  // The capture ended: the progress line's last state.
  void finish_progress();
  Timings timings() const { return {compile_seconds_, seconds_since(started_), 0}; }

 private:
  const SensorConfig& config_;
  const ServiceSignals& signals_;
  WorkerPool* workers_;
  const PacketSource* source_;
  IcapServer* icap_;
  AlertWriter& writer_;
  double compile_seconds_;
  ProgressLine* progress_ = nullptr;
  const AlertTally* tally_ = nullptr;
  std::uint64_t bytes_total_ = 0;
  Progress progress_now() const;
  std::string metrics_page();
  void signatures_loaded();
  std::future<Reloaded> reloading_;
  Clock::time_point started_ = Clock::now();
  Clock::time_point last_stats_ = started_;
  MetricsServer* metrics_ = nullptr;
  const AlertTally* metrics_tally_ = nullptr;
  Clock::time_point last_metrics_ = started_;
  std::string signature_digest_;
  std::int64_t signatures_loaded_at_ = 0;  // Unix time
  bool stopping_ = false;
};

}  // namespace dlp
