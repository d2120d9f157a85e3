#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "alert/alert_output.hpp"

struct ssl_ctx_st;
struct ssl_st;

namespace dlp {

struct CollectorAddress {
  std::string host;
  std::string port;
  bool tcp = false;         // TCP, or TLS over TCP
  bool lf_framing = false;  // TCP: newline after each message instead of RFC 6587 octet counting
};

struct TlsContextFree {
  void operator()(ssl_ctx_st* ctx) const;
};
using TlsContext = std::unique_ptr<ssl_ctx_st, TlsContextFree>;

// A TLS client context from the delivery settings, or null with `error` set.
TlsContext make_tls_context(const DeliveryConfig& config, std::string& error);

// Sends alert lines to a syslog collector over UDP (RFC 5426), TCP
// (RFC 6587) or TLS (RFC 5425, octet counting). The capture path only queues (bounded; past the bound an
// alert is dropped and counted); a thread sends, reconnecting with capped
// exponential backoff while the collector is away.
class NetworkOutput final : public AlertOutput {
 public:
  // With a TLS context, the TCP connection is wrapped in TLS.
  NetworkOutput(std::string spec, CollectorAddress address, const DeliveryConfig& config, TlsContext tls = {});
  ~NetworkOutput() override;

  void write(std::string_view line) override;
  void close() override;
  void write_stats(JsonWriter& w) const override;

 private:
  void run();
  bool ensure_connected();
  bool start_tls();
  bool send_all(const std::string& message);
  std::size_t send_batch(const std::vector<std::string>& batch);
  void disconnect();
  void close_gracefully();

  const std::string spec_;
  const CollectorAddress address_;
  const DeliveryConfig config_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point drain_deadline_;
  TlsContext tls_context_;
  int fd_ = -1;            // used by the sender thread only
  ssl_st* tls_ = nullptr;  // likewise
  std::atomic<std::uint64_t> sent_{0}, dropped_{0}, reconnects_{0}, truncated_{0};
  std::thread sender_;
};

}  // namespace dlp
