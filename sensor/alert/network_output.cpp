#include "alert/network_output.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <fmt/format.h>

#include "common/json_writer.hpp"

namespace dlp {

namespace {
constexpr int kFirstBackoffMs = 100;
// One send() carries up to this much, so a burst of alerts costs a few
// system calls rather than one each.
constexpr std::size_t kBatchBytes = 64 * 1024;
// Having woken for a first message, the sender waits this long for more,
// so that it wakes (and takes the lock from the capture thread) at most a
// hundred times a second however many alerts come.
constexpr auto kLinger = std::chrono::milliseconds(10);
constexpr std::size_t kLingerUntilMessages = 256;
}

void TlsContextFree::operator()(ssl_ctx_st* ctx) const { SSL_CTX_free(ctx); }

TlsContext make_tls_context(const DeliveryConfig& config, std::string& error) {
  TlsContext ctx(SSL_CTX_new(TLS_client_method()));
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  bool ok = config.tls_ca_file.empty() ? SSL_CTX_set_default_verify_paths(ctx.get()) == 1
                                       : SSL_CTX_load_verify_locations(ctx.get(), config.tls_ca_file.c_str(), nullptr) == 1;
  if (!ok) {
    error = fmt::format("{}: cannot load the TLS CA certificates", config.tls_ca_file);
    return nullptr;
  }
  if (!config.tls_cert_file.empty()) {
    const std::string& key = config.tls_key_file.empty() ? config.tls_cert_file : config.tls_key_file;
    if (SSL_CTX_use_certificate_chain_file(ctx.get(), config.tls_cert_file.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx.get(), key.c_str(), SSL_FILETYPE_PEM) != 1) {
      error = fmt::format("{}: cannot load the TLS client certificate and key", config.tls_cert_file);
      return nullptr;
    }
  }
  return ctx;
}

NetworkOutput::NetworkOutput(std::string spec, CollectorAddress address, const DeliveryConfig& config,
                             TlsContext tls)
    : spec_(std::move(spec)), address_(std::move(address)), config_(config), tls_context_(std::move(tls)),
      sender_([this] { run(); }) {}

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
  if (queue_.size() == 1) wake_.notify_one();  // the sender waits only on an empty queue
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
  if (fd_ < 0) return false;
  return !tls_context_ || start_tls();
}

// Wraps the connection in TLS and checks the collector's certificate names
// the host (or the IP address) we dialled.
bool NetworkOutput::start_tls() {
  tls_ = SSL_new(tls_context_.get());
  SSL_set_fd(tls_, fd_);
  in6_addr ip;
  bool is_ip = inet_pton(AF_INET, address_.host.c_str(), &ip) == 1 || inet_pton(AF_INET6, address_.host.c_str(), &ip) == 1;
  if (!is_ip) SSL_set_tlsext_host_name(tls_, address_.host.c_str());
  if (config_.tls_verify_hostname) {
    X509_VERIFY_PARAM* param = SSL_get0_param(tls_);
    if (is_ip ? X509_VERIFY_PARAM_set1_ip_asc(param, address_.host.c_str()) != 1
              : X509_VERIFY_PARAM_set1_host(param, address_.host.c_str(), 0) != 1) {
      disconnect();
      return false;
    }
  }
  if (SSL_connect(tls_) != 1) {
    disconnect();
    return false;
  }
  return true;
}

void NetworkOutput::disconnect() {
  if (tls_) SSL_free(tls_);
  tls_ = nullptr;
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool NetworkOutput::send_all(const std::string& message) {
  for (std::size_t done = 0; done < message.size();) {
    ssize_t n = tls_ ? SSL_write(tls_, message.data() + done, static_cast<int>(message.size() - done))
                     : send(fd_, message.data() + done, message.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Sends the messages in order; returns how many went out whole.
std::size_t NetworkOutput::send_batch(const std::vector<std::string>& batch) {
  if (!ensure_connected()) return 0;
  if (!address_.tcp) {  // a datagram each
    for (std::size_t i = 0; i < batch.size(); ++i)
      if (!send_all(batch[i])) return i;
    return batch.size();
  }
  std::string wire;
  for (const auto& m : batch) wire += m;
  return send_all(wire) ? batch.size() : 0;
}

// The sender thread: copies the oldest messages, sends them, and only then
// removes them, so that what failed is tried again after the backoff. At
// close it keeps going until the queue is empty or the drain deadline has
// passed; what is left then is counted as dropped.
void NetworkOutput::run() {
  int backoff_ms = kFirstBackoffMs;
  std::vector<std::string> batch;
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) break;  // stopping, and everything went out
    if (!stopping_ && queue_.size() < kLingerUntilMessages) wake_.wait_for(lock, kLinger, [&] { return stopping_; });
    batch.clear();
    for (std::size_t bytes = 0; batch.size() < queue_.size() && bytes < kBatchBytes;)
      bytes += batch.emplace_back(queue_[batch.size()]).size();
    lock.unlock();
    std::size_t sent = send_batch(batch);
    if (sent < batch.size()) disconnect();
    lock.lock();
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(sent));
    sent_ += sent;
    if (sent == batch.size()) {
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
  lock.unlock();
  close_gracefully();
}

// Ends the connection so that the collector reads everything sent: TLS
// close_notify, then our half of TCP, then waiting (briefly) for the peer
// to close its half. Closing with unread data (a TLS 1.3 session ticket,
// say) would send a RST, and the peer would drop what it had not read yet.
void NetworkOutput::close_gracefully() {
  if (fd_ < 0 || !address_.tcp) return disconnect();
  if (tls_) SSL_shutdown(tls_);
  ::shutdown(fd_, SHUT_WR);
  timeval wait{1, 0};
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  char sink[4096];
  while (recv(fd_, sink, sizeof sink, 0) > 0) {
  }
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
