#include "alert/network_output.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <fmt/format.h>

#include "common/json_writer.hpp"

namespace dlp {

namespace {
constexpr int kFirstBackoffMs = 100;
}

NetworkOutput::NetworkOutput(std::string spec, CollectorAddress address, const DeliveryConfig& config)
    : spec_(std::move(spec)), address_(std::move(address)), config_(config), sender_([this] { run(); }) {}

NetworkOutput::~NetworkOutput() { close(); }

void NetworkOutput::write(std::string_view line) {
  std::string message;
  if (!address_.tcp) {
    // One datagram per message; a long one is cut at the last field boundary.
    if (line.size() > config_.udp_max_bytes) {
      auto cut = line.substr(0, config_.udp_max_bytes).rfind(' ');
      line = line.substr(0, cut == std::string_view::npos ? config_.udp_max_bytes : cut);
      ++truncated_;
    }
    message = line;
  } else if (address_.lf_framing) {
    message = fmt::format("{}\n", line);
  } else {
    message = fmt::format("{} {}", line.size(), line);
  }
  std::lock_guard lock(mu_);
  if (queue_.size() >= config_.queue_messages) {
    ++dropped_;
    return;
  }
  queue_.push_back(std::move(message));
  wake_.notify_one();
}

void NetworkOutput::close() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    drain_deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(config_.drain_ms);
  }
  wake_.notify_one();
  sender_.join();
}

bool NetworkOutput::ensure_connected() {
  if (fd_ >= 0) return true;
  addrinfo hints{};
  hints.ai_socktype = address_.tcp ? SOCK_STREAM : SOCK_DGRAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(address_.host.c_str(), address_.port.c_str(), &hints, &found) != 0) return false;
  for (addrinfo* ai = found; ai && fd_ < 0; ai = ai->ai_next) {
    fd_ = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd_ >= 0 && connect(fd_, ai->ai_addr, ai->ai_addrlen) != 0) disconnect();
  }
  freeaddrinfo(found);
  return fd_ >= 0;
}

void NetworkOutput::disconnect() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool NetworkOutput::send_all(const std::string& message) {
  for (std::size_t done = 0; done < message.size();) {
    ssize_t n = send(fd_, message.data() + done, message.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// The sender thread: takes the oldest message, sends it, and only then
// removes it, so that a message that failed is tried again after the
// backoff. At close it keeps going until the queue is empty or the drain
// deadline has passed; what is left then is counted as dropped.
void NetworkOutput::run() {
  int backoff_ms = kFirstBackoffMs;
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) break;  // stopping, and everything went out
    std::string message = queue_.front();
    lock.unlock();
    bool ok = ensure_connected() && send_all(message);
    if (!ok) disconnect();
    lock.lock();
    if (ok) {
      queue_.pop_front();
      ++sent_;
      backoff_ms = kFirstBackoffMs;
      continue;
    }
    ++reconnects_;
    auto retry_at = std::chrono::steady_clock::now() + std::chrono::milliseconds(backoff_ms);
    if (stopping_) retry_at = std::min(retry_at, drain_deadline_);
    wake_.wait_until(lock, retry_at, [&] { return stopping_ && std::chrono::steady_clock::now() >= drain_deadline_; });
    if (stopping_ && std::chrono::steady_clock::now() >= drain_deadline_) break;
    backoff_ms = std::min(backoff_ms * 2, config_.backoff_max_ms);
  }
  dropped_ += queue_.size();
  queue_.clear();
  disconnect();
}

void NetworkOutput::write_stats(JsonWriter& w) const {
  std::size_t queued;
  {
    std::lock_guard lock(mu_);
    queued = queue_.size();
  }
  w.begin_object().field("output", spec_).field("sent", sent_.load()).field("queued", std::uint64_t{queued});
  w.field("dropped", dropped_.load()).field("reconnects", reconnects_.load()).field("truncated", truncated_.load());
  w.end_object();
}

}  // namespace dlp
