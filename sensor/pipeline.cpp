#include "pipeline.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <mutex>
#include <thread>

#include "alert/alert_writer.hpp"
#include "capture/packet_source.hpp"
#include "capture/pcapng_secrets.hpp"
#include "common/json_writer.hpp"
#include "detect/signatures/detection_engine.hpp"
#include "dispatch/fanout_program.hpp"
#include "dispatch/worker_pool.hpp"
#include "flow/network_roles.hpp"
#include "icap/icap_server.hpp"
#include "privileges.hpp"
#include "replay_summary.hpp"
#include "service_control.hpp"

namespace dlp {

namespace {

int current_year() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

SyslogIdentity local_identity(const SensorConfig& config) {
  SyslogIdentity id;
  id.facility = config.syslog_facility;
  id.enterprise_number = config.syslog_pen;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0 && host[0]) id.hostname = host;
  id.procid = std::to_string(getpid());
  return id;
}

// One more live capture per further worker, joined with `source` in one
// AF_PACKET fanout group whose program is the workers' host hash; none
// (with the reason) when the kernel refuses.
std::vector<std::unique_ptr<PacketSource>> open_fanout(PacketSource& source, const SensorConfig& config,
                                                       const NetworkRoles& roles, unsigned workers, std::string& why) {
  const auto program = fanout_program(roles, PacketView::kernel);
  const auto group = static_cast<std::uint16_t>(getpid());  // groups are per network namespace
  if (!source.join_fanout(group, program, why)) return {};
  std::vector<std::unique_ptr<PacketSource>> sockets;
  for (unsigned i = 1; i < workers; ++i) {
    auto socket = std::make_unique<PacketSource>(config.capture);
    socket->open_first();
    if (!socket->errors().empty()) {
      why = socket->errors().front();
      return {};
    }
    if (!socket->join_fanout(group, program, why)) return {};
    sockets.push_back(std::move(socket));
  }
  return sockets;
}

// The same capture files once more for each further worker, which reads
// them itself and keeps its share; none when an input cannot be read twice
// (a pipe or standard input).
std::vector<std::unique_ptr<PacketSource>> open_file_shares(const CaptureConfig& config, unsigned workers) {
  std::vector<std::unique_ptr<PacketSource>> readers;
  for (const auto& file : config.read_files) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return readers;
  }
  for (unsigned i = 1; i < workers; ++i) readers.push_back(std::make_unique<PacketSource>(config));
  return readers;
}

// The signature set at start; none after saying why.
Engine load_engine(const SensorConfig& config) {
  try {
    return std::make_shared<const DetectionEngine>(config.signatures, config.validators, config.signature_cache,
                                                   config.destination_list());
  } catch (const SignatureError& e) {
    std::cerr << "dlp-sensor: " << e.what() << '\n';
    return nullptr;
  }
}

// Every --alert-output; none after saying why one cannot be opened.
std::vector<std::unique_ptr<AlertOutput>> open_outputs(const SensorConfig& config) {
  std::vector<std::unique_ptr<AlertOutput>> outputs;
  std::string why;
  for (const auto& spec : config.alert_outputs) {
    outputs.push_back(make_alert_output(spec, config.delivery, why));
    if (!outputs.back()) {
      std::cerr << "dlp-sensor: " << why << '\n';
      return {};
    }
  }
  return outputs;
}

// A log file beside the alerts (--http-log, --tls-log), written by every worker's thread.
class LogFile {
 public:
  bool open(const std::string& path) {
    if (path.empty()) return true;
    out_.open(path);
    if (!out_) std::cerr << "dlp-sensor: " << path << ": cannot open the log\n";
    return bool(out_);
  }
  MessageLog writer() {
    if (!out_.is_open()) return {};
    return [this](const std::string& line) {
      std::lock_guard lock(mutex_);
      out_ << line << '\n';
    };
  }

 private:
  std::ofstream out_;
  std::mutex mutex_;
};

unsigned worker_count_of(const SensorConfig& config) {
  // Stream dumps are named by flow number, which is per worker: they need one.
  if (!config.dump_streams.empty()) return 1;
  return config.workers > 0 ? config.workers : std::max(1u, std::thread::hardware_concurrency());
}

// What workers 1 to N-1 read: fanout sockets live, the files again offline,
// or nothing (the capture thread feeds them through rings).
std::vector<std::unique_ptr<PacketSource>> open_worker_sources(PacketSource& source, const SensorConfig& config,
                                                               const NetworkRoles& roles, unsigned workers) {
  if (workers < 2 || !config.capture.fanout) return {};
  if (!source.live()) return open_file_shares(config.capture, workers);
  if (!source.errors().empty()) return {};
  std::string why;
  auto sockets = open_fanout(source, config, roles, workers, why);
  if (sockets.empty())
    std::cerr << "dlp-sensor: " << why << "; one capture thread feeds the workers through rings instead\n";
  return sockets;
}

void print_start(const DetectionEngine& engine) {
  std::cerr << fmt::format(
                   "{{\"event\":\"start\",\"signatures\":{},\"patterns\":{},"
                   "\"signature_compile_seconds\":{:.3f},\"signature_cache\":{}}}",
                   engine.signatures.signatures().size(), engine.patterns.pattern_count(),
                   engine.patterns.compile_seconds(), engine.patterns.from_cache())
            << std::endl;
}

// The capture thread's loop: packets to the workers until the input ends or
// a stop signal; whether a signal stopped it.
bool run_capture(PacketSource& source, WorkerPool& workers, ServiceControl& control) {
  RawPacket raw;
  for (std::uint64_t n = 0;; ++n) {
    const auto status = source.next(raw);
    if (status == PacketSource::Status::done) return false;
    if (status == PacketSource::Status::packet)
      workers.process(raw);
    else
      workers.advance(Timestamp::now());
    if (((n & 1023) == 0 || status == PacketSource::Status::idle) && control.tend()) return true;
  }
}

}  // namespace

int check_signatures(const SensorConfig& config) {
  try {
    auto signatures = SignatureSet::load(config.signatures, config.validators);
    PatternDatabase patterns(signatures);
    const std::string list = config.destination_list();
    const auto destinations = DestinationKinds::load(list);
    std::cout << fmt::format("{}: {} signatures in {} categories, {} Hyperscan patterns, compiled in {:.3f} s\n",
                             config.signatures, signatures.signatures().size(), signatures.categories().size(),
                             patterns.pattern_count(), patterns.compile_seconds());
    if (!list.empty()) std::cout << fmt::format("{}: {} destination suffixes\n", list, destinations.size());
    return 0;
  } catch (const SignatureError& e) {
    std::cerr << "dlp-sensor: " << e.what() << '\n';
    return 2;
  }
}

int list_signatures(const SensorConfig& config) {
  try {
    auto signatures = SignatureSet::load(config.signatures, config.validators);
    std::cout << "id\tcategory\ttier\tvalidator\tpatterns\tlabels\tkeywords\tidentifier\trequire_keyword\tname\n";
    for (const Signature& s : signatures.signatures())
      std::cout << fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", s.id, s.category, legal_tier_name(s.tier),
                               s.validator_name, s.patterns.size() + s.masked_patterns.size(), s.labels.size(),
                               s.keywords.size(), s.identifier ? "yes" : "no", s.require_keyword ? "yes" : "no",
                               s.name);
    return 0;
  } catch (const SignatureError& e) {
    std::cerr << "dlp-sensor: " << e.what() << '\n';
    return 2;
  }
}

// The --tls-keylog files and the secrets blocks of the pcapng files read,
// once; their counts on standard error. False when a key log cannot be read.
bool load_tls_keys(TlsConfig& tls, const std::vector<std::string>& captures) {
  auto keys = std::make_shared<TlsKeyLog>();
  for (const auto& path : tls.keylog_files) {
    if (!keys->add_file(path)) {
      std::cerr << "dlp-sensor: " << path << ": cannot read the TLS key log\n";
      return false;
    }
  }
  for (const auto& path : captures) keys->read(pcapng_tls_secrets(path));
  const TlsKeyLogStats stats = keys->stats();
  if (tls.keylog_files.empty() && stats.lines == 0) return true;
  std::string line;
  JsonWriter w(line);
  w.begin_object().field("event", "tls_keylog").field("connections", std::uint64_t{keys->size()});
  JsonStatsWriter counters(w);
  write_counters(counters, stats);
  w.end_object();
  std::cerr << line << '\n';
  tls.keys = std::move(keys);
  return true;
}

namespace {

// The ICAP server --icap-listen asks for, bound; none when it is not asked
// for, or (`failed`, after saying why) when it cannot listen.
std::unique_ptr<IcapServer> open_icap(const SensorConfig& config, Engine engine,
                                      const IcapService::AlertHandler& on_alert, MessageLog http_log, bool& failed) {
  failed = false;
  if (config.icap.listen.empty()) return nullptr;
  std::string why;
  try {
    auto icap = std::make_unique<IcapServer>(config.icap,
                                             InspectionConfig{config.app, config.findings, config.scan, config.report},
                                             std::move(engine), on_alert, std::move(http_log));
    if (icap->listen(why)) return icap;
  } catch (const std::exception& e) {
    why = e.what();
  }
  std::cerr << "dlp-sensor: " << why << '\n';
  failed = true;
  return nullptr;
}

// The metrics server --metrics-listen asks for, bound; none when it is not
// asked for, or (`failed`, after saying why) when it cannot listen.
std::unique_ptr<MetricsServer> open_metrics(const SensorConfig& config, bool& failed) {
  failed = false;
  if (config.metrics.listen.empty()) return nullptr;
  auto metrics = std::make_unique<MetricsServer>(config.metrics);
  std::string why;
  if (metrics->listen(why)) return metrics;
  std::cerr << "dlp-sensor: " << why << '\n';
  failed = true;
  return nullptr;
}

// From here on the sensor needs no privilege; it writes its pid file as the
// user it now runs as, so that it can remove it. False after saying why.
bool settle(const SensorConfig& config, std::unique_ptr<PidFile>& pidfile) {
  std::string why;
  if (!drop_privileges(config.user, config.group, why)) {
    std::cerr << "dlp-sensor: " << why << '\n';
    return false;
  }
  pidfile = std::make_unique<PidFile>(config.pidfile);
  if (!pidfile->ok()) {
    std::cerr << "dlp-sensor: " << config.pidfile << ": cannot write the pid file\n";
    return false;
  }
  return true;
}

// Without a capture: the ICAP server serves until SIGINT or SIGTERM.
int serve_icap_only(const SensorConfig& config, const ServiceSignals& signals, IcapServer& icap, AlertWriter& writer,
                    double compile_seconds, MetricsServer* metrics, const AlertTally& tally) {
  icap.start();
  ServiceControl control(config, signals, nullptr, nullptr, &icap, writer, compile_seconds);
  if (metrics) control.serve_metrics(metrics, &tally);
  while (!control.tend({0, 200'000'000})) {
  }
  icap.stop();
  Timings timings = control.timings();
  const auto closing = Clock::now();
  writer.close();
  timings.delivery_wait = seconds_since(closing);
  print_stats(nullptr, nullptr, &icap, writer, timings);
  return 0;
}

}  // namespace

int run_sensor(const SensorConfig& config_in) {
  // A collector that goes away must cost a reconnect, not the process.
  std::signal(SIGPIPE, SIG_IGN);
  // Blocked before any thread starts, so that every thread inherits the mask
  // and only the capture loop takes them.
  ServiceSignals signals;
  SensorConfig config = config_in;
  config.validators.max_birth_year = current_year();
  NetworkRoles roles;
  std::string why;
  // Both checked when the options were read.
  roles.home.parse(config.home_net, why);
  roles.servers.parse(config.server_net, why);

  Engine engine = load_engine(config);
  if (!engine || !load_tls_keys(config.app.tls, config.capture.read_files)) return 2;
  auto outputs = open_outputs(config);
  if (outputs.empty()) return 2;
  AlertWriter writer(config.alert_format, local_identity(config), std::move(outputs));
  LogFile http_log, tls_log;
  if (!http_log.open(config.http_log) || !tls_log.open(config.tls_log)) return 2;
  bool icap_failed = false;
  // Every alert to the outputs, counted for the progress line.
  AlertTally tally;
  ReplayTotals totals;
  const auto on_alert = [&](const Alert& a) {
    tally.count(a);
    totals.add(a);
    writer.write(a);
  };
  auto icap = open_icap(config, engine, on_alert, http_log.writer(), icap_failed);
  bool metrics_failed = false;
  auto metrics = open_metrics(config, metrics_failed);
  if (icap_failed || metrics_failed) return 2;
  if (metrics) metrics->start();
  const double compile_seconds = engine->patterns.compile_seconds();
  std::unique_ptr<PidFile> pidfile;
  if (config.capture.read_files.empty() && config.capture.interface.empty()) {
    if (!settle(config, pidfile)) return 2;
    print_start(*engine);
    engine.reset();  // the ICAP server holds it
    return serve_icap_only(config, signals, *icap, writer, compile_seconds, metrics.get(), tally);
  }
  const unsigned worker_count = worker_count_of(config);
  PacketSource source(config.capture);
  if (config.replay_summary && !source.live()) source.keep_evidence();
  // Set below, before the first read that can wait (the first file is opened here, its header read).
  ServiceControl* tending = nullptr;
  source.on_wait([&tending] { return tending && tending->tend(); });
  source.open_first();
  if (config.app.tls.keys && source.live()) config.app.tls.keys->set_live();
  WorkerPool workers(config, roles, engine, on_alert, TransactionLogs{http_log.writer(), tls_log.writer()},
                     worker_count, open_worker_sources(source, config, roles, worker_count));
  // Capture and outputs are open.
  if (!settle(config, pidfile)) return 2;
  // The capture is open and privileges are dropped: the sensor is running.
  print_start(*engine);
  engine.reset();  // the workers hold it
  if (icap) icap->start();
  ServiceControl control(config, signals, &workers, &source, icap.get(), writer, compile_seconds);
  tending = &control;
  if (metrics) control.serve_metrics(metrics.get(), &tally);
  ProgressLine progress(stderr);
  const bool alerts_to_stdout =
      std::find(config.alert_outputs.begin(), config.alert_outputs.end(), "-") != config.alert_outputs.end();
  if (progress_wanted(config.progress, config.no_progress, alerts_to_stdout)) control.show_progress(&progress, &tally);
  const bool interrupted = run_capture(source, workers, control);
  source.update_stats();
  workers.finish(interrupted);
  control.finish_progress();
  control.publish_metrics();
  // A replay ends with what it read and what its alerts add up to.
  if (config.replay_summary && !source.live()) writer.write(replay_summary(config, source.evidence(), totals));
  if (icap) icap->stop();
  Timings timings = control.timings();
  const auto closing = Clock::now();
  writer.close();
  timings.delivery_wait = seconds_since(closing);
  auto errors = source.errors();
  for (const auto& e : workers.capture_errors()) errors.push_back(e);
  for (const auto& e : errors) std::cerr << "dlp-sensor: " << e << '\n';
  print_stats(&workers, &source, icap.get(), writer, timings);
  return errors.empty() ? 0 : 1;
}

}  // namespace dlp
