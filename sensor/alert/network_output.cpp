#include "alert/network_output.hpp"

#include <algorithm>

#include "common/stats_writer.hpp"

namespace dlp {

namespace {
constexpr int kFirstBackoffMs = 100;
// One send carries up to this much, so a burst of alerts costs a few
// system calls rather than one each.
constexpr std::size_t kBatchBytes = 64 * 1024;
// Having woken for a first message, the sender waits this long for more,
// so that it wakes (and takes the lock from the capture thread) at most a
// hundred times a second however many alerts come.
constexpr auto kLinger = std::chrono::milliseconds(10);
constexpr std::size_t kLingerUntilMessages = 256;
}  // namespace

NetworkOutput::NetworkOutput(std::string spec, CollectorAddress address, const DeliveryConfig& config, TlsContext tls,
                             std::unique_ptr<Spool> spool)
    : spec_(std::move(spec)), config_(config), udp_(address.protocol == CollectorProtocol::udp),
      connection_(std::move(address), config, std::move(tls)), spool_(std::move(spool)), sender_([this] { run(); }) {}

NetworkOutput::~NetworkOutput() { close(); }

void NetworkOutput::write(std::string_view line) {
  // One datagram per message; a long one is cut at the last field boundary.
  if (udp_ && line.size() > config_.udp_max_bytes) {
    auto cut = line.substr(0, config_.udp_max_bytes).rfind(' ');
    line = line.substr(0, cut == std::string_view::npos ? config_.udp_max_bytes : cut);
    ++truncated_;
  }
  std::lock_guard lock(mu_);
  if (queue_.size() + in_flight_ >= config_.queue_messages) {
    ++dropped_;
    return;
  }
  queue_.emplace_back(line);
  if (queue_.size() == 1) wake_.notify_one();  // the sender sleeps only with an empty queue
}

void NetworkOutput::close() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    retry_at_ = Clock::now();  // one more try at once, however long the backoff
    drain_deadline_ = retry_at_ + std::chrono::milliseconds(config_.drain_ms);
  }
  wake_.notify_one();
  sender_.join();
}

// Moves the memory queue to the end of the spool, without holding the lock
// (and so the capture thread) during the disk writes.
void NetworkOutput::spill_queue(std::unique_lock<std::mutex>& lock) {
  std::deque<std::string> moving;
  moving.swap(queue_);
  lock.unlock();
  for (const auto& message : moving) {
    if (spool_->append(message))
      ++spooled_;
    else
      ++dropped_;
  }
  publish_spool_counts();
  lock.lock();
}

void NetworkOutput::publish_spool_counts() {
  spool_pending_ = spool_->messages();
  spool_damaged_ = spool_->damaged();
}

// Sends the oldest messages, from the spool while it holds any, and removes
// what was delivered. Messages from the queue are moved out for the send
// (counted in in_flight_ against the bound) and what failed is put back in
// front. Called and returns with the lock held.
bool NetworkOutput::deliver_one_batch(std::unique_lock<std::mutex>& lock) {
  bool from_spool = spool_ && !spool_->empty();
  batch_.clear();
  for (std::size_t bytes = 0;
       !from_spool && !queue_.empty() && batch_.size() < connection_.max_batch_messages() && bytes < kBatchBytes;
       queue_.pop_front())
    bytes += batch_.emplace_back(std::move(queue_.front())).size();
  in_flight_ = batch_.size();
  lock.unlock();
  if (from_spool) spool_->peek(batch_, kBatchBytes, connection_.max_batch_messages());
  std::size_t delivered = connection_.send(batch_);
  if (from_spool) {
    spool_->pop(delivered);
    replayed_ += delivered;
    publish_spool_counts();
  }
  lock.lock();
  for (std::size_t i = in_flight_; i-- > delivered;) queue_.push_front(std::move(batch_[i]));
  in_flight_ = 0;
  sent_ += delivered;
  return delivered == batch_.size();
}

// The sender thread. Messages leave in the order they came: while the
// spool holds any (or the collector is down, or the queue half full), new
// ones are appended to it rather than sent past it. A failed send is
// retried after a backoff that doubles up to backoff_max_ms. At close it
// tries again at once, then goes on until everything is delivered or the
// drain deadline passes, or, with a spool, until a send fails; what is
// left in memory is then spooled, or without a spool counted as dropped.
void NetworkOutput::run() {
  int backoff_ms = kFirstBackoffMs;
  bool down = false;
  auto has_work = [&] { return !queue_.empty() || (spool_ && !spool_->empty()); };
  // A queue half full means the collector is slower than the alerts: the
  // spool takes them before the capture thread has to drop any.
  auto spill_due = [&] {
    return spool_ && !queue_.empty() && (down || !spool_->empty() || queue_.size() >= config_.queue_messages / 2);
  };
  auto next_attempt = [&] { return stopping_ ? std::min(retry_at_, drain_deadline_) : retry_at_; };
  auto ready = [&] {
    return (stopping_ && !has_work()) || spill_due() || (has_work() && Clock::now() >= next_attempt());
  };
  if (spool_) publish_spool_counts();
  std::unique_lock lock(mu_);
  for (;;) {
    while (!ready()) {
      if (has_work())
        wake_.wait_until(lock, next_attempt());
      else
        wake_.wait(lock);
    }
    if (spill_due()) spill_queue(lock);
    if (!has_work()) {
      if (stopping_) break;  // everything is delivered
      continue;
    }
    if (stopping_ && Clock::now() >= drain_deadline_) break;
    if (Clock::now() < next_attempt()) continue;
    if (!stopping_ && (!spool_ || spool_->empty()) && queue_.size() < kLingerUntilMessages)
      wake_.wait_for(lock, kLinger, [&] { return stopping_; });
    if (deliver_one_batch(lock)) {
      down = false;
      backoff_ms = kFirstBackoffMs;
      continue;
    }
    down = true;
    ++reconnects_;
    if (stopping_ && spool_) break;  // what is left waits on disk for the next run
    retry_at_ = Clock::now() + std::chrono::milliseconds(backoff_ms);
    backoff_ms = std::min(backoff_ms * 2, config_.backoff_max_ms);
  }
  if (spool_) {
    spill_queue(lock);
    spool_->checkpoint();
  } else {
    dropped_ += queue_.size();
    queue_.clear();
  }
  lock.unlock();
  connection_.close();
}

void NetworkOutput::write_stats(StatsWriter& w) const {
  std::size_t queued;
  {
    std::lock_guard lock(mu_);
    queued = queue_.size() + in_flight_;
  }
  w.begin_item(spec_);
  w.count("sent", sent_.load(), "alerts the collector took");
  w.count("queued", queued, "alerts waiting in memory to be sent", MetricKind::gauge);
  w.count("dropped", dropped_.load(), "alerts dropped: the queue was full and there is no spool");
  w.count("reconnects", reconnects_.load(), "connections made again to the collector");
  w.count("truncated", truncated_.load(), "alerts cut to the transport's size limit");
  if (spool_) {
    w.count("spooled", spooled_.load(), "alerts written to the spool");
    w.count("replayed", replayed_.load(), "alerts sent from the spool");
    w.count("spool_pending", spool_pending_.load(), "alerts in the spool now", MetricKind::gauge);
    w.count("spool_damaged", spool_damaged_.load(), "spool records that could not be read back");
  }
  w.end_item();
}

}  // namespace dlp
