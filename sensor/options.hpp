#pragma once
#include <optional>
#include <string>
#include <vector>

#include "alert/alert_format.hpp"
#include "alert/alert_output.hpp"
#include "app/app_config.hpp"
#include "capture/packet_source.hpp"
#include "decode/packet_decoder.hpp"
#include "detect/findings/flow_findings.hpp"
#include "detect/scan/scanner.hpp"
#include "detect/validators/validator.hpp"
#include "flow/flow_table.hpp"
#include "flow/network_roles.hpp"
#include "icap/icap_config.hpp"
#include "metrics/metrics_server.hpp"
#include "reassembly/tcp_stream.hpp"
#include "report/reporter.hpp"

namespace dlp {

// Everything the sensor is told, from the command line or a config file.
struct SensorConfig {
  // run: capture and report; the others only load the signatures.
  enum class Mode { run, check_signatures, list_signatures } mode = Mode::run;
  CaptureConfig capture;
  std::string home_net{NetworkRoles::kDefaultHome};
  std::string server_net;  // none: no flow is a retrieval
  std::string signatures = DLP_DEFAULT_SIGNATURES;
  // The destination kinds list; empty: destinations.list beside the
  // signatures, when there is one; "none": no list.
  std::string destinations;
  std::string signature_cache;  // directory of compiled databases; empty: always compile
  AlertFormat alert_format = AlertFormat::rfc5424;
  std::vector<std::string> alert_outputs{"-"};
  DeliveryConfig delivery;
  int syslog_facility = 20;  // local4
  unsigned syslog_pen = 32473;
  int stats_interval = 0;     // seconds; 0 = only at exit
  unsigned workers = 0;       // 0: one per core
  std::size_t memcap = 0;     // the whole budget, shared out over the pools not set (0: none)
  std::string hmac_key_file;  // read into findings.hmac_key
  std::string dump_streams;   // directory for reassembled stream bytes (testing)
  std::string http_log;       // file for one JSON line per decoded HTTP message
  std::string tls_log;        // file for one JSON line per TLS connection
  std::string pidfile;
  bool progress = false, no_progress = false;  // force the progress line on or off
  bool replay_summary = false;                 // end a replay with dlp.replay_summary
  std::string user, group;                     // run as these once the capture and outputs are open
  DecodeConfig decode;
  FlowConfig flow;
  ReassemblyConfig reassembly;
  AppConfig app;
  IcapConfig icap;
  MetricsConfig metrics;
  FindingsConfig findings;
  ReportConfig report;
  ScanConfig scan;
  ValidatorConfig validators;
  // The destination list to read, "" for none.
  std::string destination_list() const;
};

// The outcome of reading the command line: a config to run, or an exit
// code (after --help, --version or a usage error, already reported).
struct ParsedOptions {
  std::optional<SensorConfig> config;
  int exit_code = 0;
};

// Every option the sensor takes: each stage's table, and the wiring's own.
OptionTable<SensorConfig> sensor_options();

ParsedOptions parse_options(int argc, const char* const argv[]);

}  // namespace dlp
