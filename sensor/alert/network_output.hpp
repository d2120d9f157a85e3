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
#include "alert/collector_connection.hpp"
#include "alert/spool.hpp"

namespace dlp {

// Sends alert lines to a syslog collector. The capture path only queues in
// memory (bounded; past the bound an alert is dropped and counted); a
// thread of its own sends, reconnecting with capped exponential backoff.
// With a spool, whatever the collector cannot take now (it is away, or the
// spool still holds older alerts) goes to disk and is sent from there, in
// order, when it is back; at exit what is left is spooled, not dropped.
class NetworkOutput final : public AlertOutput {
 public:
  // `spool` may be null: then what is undelivered at exit is dropped.
  NetworkOutput(std::string spec, CollectorAddress address, const DeliveryConfig& config, TlsContext tls,
                std::unique_ptr<Spool> spool);
  ~NetworkOutput() override;

  void write(std::string_view line) override;
  void close() override;
  void write_stats(StatsWriter& w) const override;

 private:
  using Clock = std::chrono::steady_clock;
  void run();
  bool deliver_one_batch(std::unique_lock<std::mutex>& lock);
  void spill_queue(std::unique_lock<std::mutex>& lock);
  void publish_spool_counts();

  const std::string spec_;
  const DeliveryConfig config_;
  const bool udp_;
  CollectorConnection connection_;  // the sender thread's
  std::unique_ptr<Spool> spool_;    // likewise
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  std::size_t in_flight_ = 0;  // taken from the queue for the send under way
  bool stopping_ = false;
  Clock::time_point retry_at_{};  // the next connection attempt
  Clock::time_point drain_deadline_;
  std::vector<std::string> batch_;
  std::atomic<std::uint64_t> sent_{0}, dropped_{0}, reconnects_{0}, truncated_{0};
  std::atomic<std::uint64_t> spooled_{0}, replayed_{0}, spool_pending_{0}, spool_damaged_{0};
  std::thread sender_;
};

}  // namespace dlp
