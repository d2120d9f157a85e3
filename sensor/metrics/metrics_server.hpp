#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/counters.hpp"
#include "common/option_table.hpp"

namespace dlp {

struct MetricsConfig {
  std::string listen;  // ADDR:PORT; empty: no metrics server
  std::size_t max_connections = 64;
};

OptionTable<MetricsConfig> metrics_options();

struct MetricsStats {
  std::uint64_t scrapes = 0;
  std::uint64_t bad_requests = 0;
  std::uint64_t refused = 0;
  std::uint64_t timeouts = 0;
  static constexpr Counter<MetricsStats> counters[] = {
      {"scrapes", &MetricsStats::scrapes, "GET /metrics answered"},
      {"bad_requests", &MetricsStats::bad_requests, "requests answered 400, 404 or 405"},
      {"refused", &MetricsStats::refused, "connections closed at once: max_connections were open"},
      {"timeouts", &MetricsStats::timeouts, "connections closed: the request took more than 5 s to come"},
  };
};

// The answer to one request head: the page for GET /metrics, else 400, 404
// or 405 (each counted in `stats`); the connection closes after it.
std::string metrics_answer(std::string_view request, const std::string& page, MetricsStats& stats);

// Serves GET /metrics (Prometheus's text format) on a thread of its own
// (Boost.Asio), one request a connection. The page is the last one
// published: the main thread makes it between packets, so that a scrape
// never waits on, nor stops, a worker.
class MetricsServer {
 public:
  explicit MetricsServer(const MetricsConfig& config);
  ~MetricsServer();  // stops, if it runs
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // Binds --metrics-listen; false with the reason.
  bool listen(std::string& why);
  void start();
  void stop();
  // The page the next scrapes get.
  void publish(std::string page);
  MetricsStats stats() const;
  struct Impl;  // the sockets and the page, in the .cpp

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace dlp
