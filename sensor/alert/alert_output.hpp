#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/option_table.hpp"

namespace dlp {

class StatsWriter;

// Limits of a network output's delivery.
struct DeliveryConfig {
  std::size_t queue_messages = 100'000;  // waiting in memory for the collector
  std::size_t udp_max_bytes = 2048;      // RFC 5426: larger datagrams may be lost on the way
  int backoff_max_ms = 30'000;           // reconnect delay, doubling from 100 ms up to this
  int drain_ms = 5'000;                  // at exit, how long to wait for a collector that is down
  int io_timeout_ms = 10'000;            // connect, send, or a RELP acknowledgement, before giving up
  // With a spool directory, what a collector cannot take now waits on disk
  // (each output in a folder of its own, up to spool_max_bytes) and is sent
  // in order when it is back, also by the next run; without, it waits in
  // memory and what is left at exit is dropped.
  std::string spool_dir;
  std::uint64_t spool_max_bytes = 1ULL << 30;
  // tls:// (RFC 5425): the CA that signs the collector's certificate (empty:
  // the system's), an optional client certificate, and whether the
  // collector's name (or IP address) must match its certificate.
  std::string tls_ca_file;
  std::string tls_cert_file;
  std::string tls_key_file;
  bool tls_verify_hostname = true;
};

// How network outputs deliver: TLS, the queue, the spool.
OptionTable<DeliveryConfig> delivery_options();

// Where formatted alert lines go: standard output, a file, or a syslog
// collector over UDP or TCP. write() never blocks on the network: a
// network output queues and a thread of its own sends.
class AlertOutput {
 public:
  virtual ~AlertOutput() = default;
  virtual void write(std::string_view line) = 0;
  // Sends or writes what is queued; network outputs wait up to drain_ms.
  virtual void close() = 0;
  // Files are opened again by name (after logrotate); others ignore it.
  // Returns why it failed, or nothing.
  virtual std::string reopen() { return {}; }
  virtual void write_stats(StatsWriter& w) const = 0;
};

// Builds the output for one --alert-output value: "-", a file path,
// "udp://HOST:PORT", "tcp://HOST:PORT" with "?framing=lf" for newline
// framing instead of RFC 6587 octet counting, "tls://HOST:PORT" or
// "relp://HOST:PORT". On a bad value returns null and says why in `error`.
std::unique_ptr<AlertOutput> make_alert_output(const std::string& spec, const DeliveryConfig& config,
                                               std::string& error);

}  // namespace dlp
