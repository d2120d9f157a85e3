#pragma once
#include <optional>
#include <string>
#include <vector>

#include "alert/alert_format.hpp"
#include "alert/alert_output.hpp"
#include "app/application_layer.hpp"
#include "capture/packet_source.hpp"
#include "decode/packet_decoder.hpp"
#include "detect/flow_findings.hpp"
#include "detect/host_summaries.hpp"
#include "detect/scanner.hpp"
#include "detect/validator.hpp"
#include "flow/flow_table.hpp"
#include "reassembly/tcp_stream.hpp"

namespace dlp {

// Everything the sensor is told, from the command line or a config file.
struct SensorConfig {
  // run: capture and report; the others only load the signatures.
  enum class Mode { run, check_signatures, list_signatures } mode = Mode::run;
  CaptureConfig capture;
  std::string home_net = "";  // empty: HomeNetwork::kDefault
  std::string signatures;
  std::string signature_cache;  // directory of compiled databases; empty: always compile
  AlertFormat alert_format = AlertFormat::rfc5424;
  std::vector<std::string> alert_outputs{"-"};
  DeliveryConfig delivery;
  int syslog_facility = 20;  // local4
  unsigned syslog_pen = 32473;
  bool all_directions = false;  // alert on inbound/internal data too
  // A flow this old (capture time) reports each severity level it reaches
  // at once, in a dlp.flow_threshold alert; a younger one waits for its end.
  std::int64_t threshold_alert_age_usec = 30'000'000;
  int stats_interval = 0;       // seconds; 0 = only at exit
  unsigned workers = 0;         // 0: one per core
  std::string dump_streams;     // directory for reassembled stream bytes (testing)
  std::string http_log;         // file for one JSON line per decoded HTTP message
  std::string pidfile;
  std::string user, group;      // run as these once the capture and outputs are open
  DecodeConfig decode;
  FlowConfig flow;
  ReassemblyConfig reassembly;
  AppConfig app;
  FindingsConfig findings;
  HostSummaryConfig host_summary;
  ScanConfig scan;
  ValidatorConfig validators;
};

// The outcome of reading the command line: a config to run, or an exit
// code (after --help, --version or a usage error, already reported).
struct ParsedOptions {
  std::optional<SensorConfig> config;
  int exit_code = 0;
};

ParsedOptions parse_options(int argc, const char* const argv[]);

}  // namespace dlp
