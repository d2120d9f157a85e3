#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/alert.hpp"
#include "common/counters.hpp"
#include "common/option_table.hpp"
#include "icap/icap_parser.hpp"

namespace dlp {

enum class IcapMode { monitor, block };
enum class IcapFailure { open, closed };  // what an uninspected message gets: passed or blocked

bool parse_icap_mode(std::string_view word, IcapMode& out);
const char* icap_mode_name(IcapMode m);
bool parse_icap_failure(std::string_view word, IcapFailure& out);
const char* icap_failure_name(IcapFailure f);

struct IcapConfig {
  // ADDR:PORT, or icaps://ADDR:PORT for ICAP over TLS; none: no ICAP server.
  std::vector<std::string> listen;
  std::string tls_cert, tls_key;  // PEM files, for icaps listeners
  IcapMode mode = IcapMode::monitor;
  Severity block_severity = Severity::critical;
  IcapFailure failure = IcapFailure::open;
  std::string block_page;  // an HTML template file; empty: the built-in page
  std::size_t max_connections = 1024;
  std::size_t max_held_bytes = 32u << 20;         // of one message kept to be returned unchanged
  std::size_t max_held_total_bytes = 512u << 20;  // of all messages, likewise
  std::int64_t request_timeout_usec = 120'000'000;
  std::int64_t idle_timeout_usec = 300'000'000;  // a persistent connection between requests
  std::uint64_t preview_bytes = 4096;
  std::uint64_t options_ttl = 3600;  // seconds
  IcapParserLimits parser;
};

OptionTable<IcapConfig> icap_options();

struct IcapStats {
  std::uint64_t connections = 0;
  std::uint64_t refused = 0;
  std::uint64_t tls_failures = 0;
  std::uint64_t options = 0;
  std::uint64_t reqmod = 0;
  std::uint64_t respmod = 0;
  std::uint64_t malformed = 0;
  std::uint64_t unknown_service = 0;
  std::uint64_t continues = 0;
  std::uint64_t allowed_204 = 0;
  std::uint64_t returned_unchanged = 0;
  std::uint64_t blocked = 0;
  std::uint64_t alerts = 0;
  std::uint64_t body_bytes = 0;
  std::uint64_t held_overflows = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t failed_open = 0;
  std::uint64_t failed_closed = 0;
  static constexpr Counter<IcapStats> counters[] = {
      {"connections", &IcapStats::connections, "ICAP connections accepted"},
      {"refused", &IcapStats::refused, "connections closed at once: max_connections were open"},
      {"tls_failures", &IcapStats::tls_failures, "icaps connections whose TLS handshake failed"},
      {"options", &IcapStats::options, "OPTIONS requests"},
      {"reqmod", &IcapStats::reqmod, "REQMOD requests"},
      {"respmod", &IcapStats::respmod, "RESPMOD requests"},
      {"malformed", &IcapStats::malformed, "requests answered 400 (or 501, 505) and their connection closed"},
      {"unknown_service", &IcapStats::unknown_service, "requests for a service that is not here (404, 405)"},
      {"continues", &IcapStats::continues, "previews answered 100 Continue"},
      {"allowed_204", &IcapStats::allowed_204, "messages allowed with 204"},
      {"returned_unchanged", &IcapStats::returned_unchanged, "messages allowed by returning them unchanged (200)"},
      {"blocked", &IcapStats::blocked, "messages answered with the block page"},
      {"alerts", &IcapStats::alerts, "alerts from ICAP messages"},
      {"body_bytes", &IcapStats::body_bytes, "encapsulated body bytes inspected"},
      {"held_overflows", &IcapStats::held_overflows,
       "messages that outgrew what may be held to return them: passed on as they came, or failed"},
      {"timeouts", &IcapStats::timeouts, "connections closed because a request or the idle wait took too long"},
      {"failed_open", &IcapStats::failed_open, "messages passed uninspected or undecided (--icap-fail open)"},
      {"failed_closed", &IcapStats::failed_closed, "messages blocked because they could not be decided"},
  };
};

}  // namespace dlp
