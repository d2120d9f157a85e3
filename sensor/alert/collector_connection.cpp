#include "alert/collector_connection.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cerrno>
#include <charconv>
#include <iterator>

namespace dlp {

namespace {

// librelp's default window: the collector acknowledges in order, so a
// batch of this many is one round trip.
constexpr std::size_t kRelpWindow = 128;
constexpr std::uint32_t kRelpMaxTxnr = 999'999'999;  // then it wraps to 1
constexpr std::size_t kRelpMaxResponse = 64 * 1024;

struct RelpFrame {
  std::uint32_t txnr = 0;
  std::string_view command;
  std::string_view data;
};

enum class ParseResult { whole, partial, damaged };

// "TXNR SP COMMAND SP DATALEN [SP DATA] LF" at the start of `in`.
ParseResult parse_relp_frame(std::string_view in, RelpFrame& frame, std::size_t& used) {
  auto number = [&](std::size_t& pos, std::size_t& value) {
    auto [end, ec] = std::from_chars(in.data() + pos, in.data() + in.size(), value);
    std::size_t after = static_cast<std::size_t>(end - in.data());
    if (ec != std::errc{} || after == pos) return after == in.size() ? ParseResult::partial : ParseResult::damaged;
    pos = after;
    return ParseResult::whole;
  };
  std::size_t pos = 0, txnr = 0, length = 0;
  if (auto r = number(pos, txnr); r != ParseResult::whole) return r;
  if (pos >= in.size()) return ParseResult::partial;
  if (in[pos++] != ' ') return ParseResult::damaged;
  std::size_t space = in.find(' ', pos);
  if (space == std::string_view::npos) return in.size() - pos > 32 ? ParseResult::damaged : ParseResult::partial;
  frame.command = in.substr(pos, space - pos);
  pos = space + 1;
  if (auto r = number(pos, length); r != ParseResult::whole) return r;
  if (length > kRelpMaxResponse) return ParseResult::damaged;
  if (length > 0) {
    if (pos >= in.size()) return ParseResult::partial;
    if (in[pos++] != ' ') return ParseResult::damaged;
  }
  if (in.size() < pos + length + 1) return ParseResult::partial;
  if (in[pos + length] != '\n') return ParseResult::damaged;
  frame.txnr = static_cast<std::uint32_t>(txnr);
  frame.data = in.substr(pos, length);
  used = pos + length + 1;
  return ParseResult::whole;
}

void append_relp_frame(std::string& out, std::uint32_t txnr, std::string_view command, std::string_view data) {
  if (data.empty())
    fmt::format_to(std::back_inserter(out), "{} {} 0\n", txnr, command);
  else
    fmt::format_to(std::back_inserter(out), "{} {} {} {}\n", txnr, command, data.size(), data);
}

std::string relp_frame(std::uint32_t txnr, std::string_view command, std::string_view data) {
  std::string out;
  append_relp_frame(out, txnr, command, data);
  return out;
}

}  // namespace

void TlsContextFree::operator()(ssl_ctx_st* ctx) const { SSL_CTX_free(ctx); }

TlsContext make_tls_context(const DeliveryConfig& config, std::string& error) {
  TlsContext ctx(SSL_CTX_new(TLS_client_method()));
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  bool ok = config.tls_ca_file.empty()
                ? SSL_CTX_set_default_verify_paths(ctx.get()) == 1
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

CollectorConnection::CollectorConnection(CollectorAddress address, const DeliveryConfig& config, TlsContext tls)
    : address_(std::move(address)), config_(config), tls_context_(std::move(tls)) {}

CollectorConnection::~CollectorConnection() { disconnect(); }

std::size_t CollectorConnection::max_batch_messages() const {
  return address_.protocol == CollectorProtocol::relp ? kRelpWindow : SIZE_MAX;
}

bool CollectorConnection::connect() {
  bool stream = address_.protocol != CollectorProtocol::udp;
  addrinfo hints{};
  hints.ai_socktype = stream ? SOCK_STREAM : SOCK_DGRAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(address_.host.c_str(), address_.port.c_str(), &hints, &found) != 0) return false;
  // A collector that stops reading (or a host that never answers the
  // connect) must not hold the sender, and so the sensor's exit, forever.
  timeval timeout{config_.io_timeout_ms / 1000, (config_.io_timeout_ms % 1000) * 1000};
  for (addrinfo* ai = found; ai && fd_ < 0; ai = ai->ai_next) {
    fd_ = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd_ < 0) continue;
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (::connect(fd_, ai->ai_addr, ai->ai_addrlen) != 0) disconnect();
  }
  freeaddrinfo(found);
  if (fd_ < 0) return false;
  if (address_.protocol == CollectorProtocol::tls) return start_tls();
  if (address_.protocol == CollectorProtocol::relp) return open_relp();
  return true;
}

// Wraps the connection in TLS and checks the collector's certificate names
// the host (or the IP address) we dialled.
bool CollectorConnection::start_tls() {
  tls_ = SSL_new(tls_context_.get());
  SSL_set_fd(tls_, fd_);
  in6_addr ip;
  bool is_ip =
      inet_pton(AF_INET, address_.host.c_str(), &ip) == 1 || inet_pton(AF_INET6, address_.host.c_str(), &ip) == 1;
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

// The RELP session offer; the collector must accept the syslog command.
bool CollectorConnection::open_relp() {
  inbox_.clear();
  next_txnr_ = 1;
  std::uint32_t txnr = next_txnr_++;
  std::uint32_t answered = 0;
  std::string status;
  if (!write_all(relp_frame(txnr, "open", "relp_version=0\nrelp_software=dlp-sensor\ncommands=syslog")) ||
      !read_relp_response(answered, status) || answered != txnr || !status.starts_with("200") ||
      status.find("commands=syslog") == std::string::npos) {
    disconnect();
    return false;
  }
  return true;
}

void CollectorConnection::disconnect() {
  if (tls_) SSL_free(tls_);
  tls_ = nullptr;
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

// A syslog collector never talks back over plain TCP or TLS, except to
// close: seen before a send, that saves the messages the send would have
// put into a dead connection.
bool CollectorConnection::peer_has_closed() const {
  char byte;
  ssize_t n = recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

bool CollectorConnection::write_all(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = tls_ ? SSL_write(tls_, bytes.data(), static_cast<int>(bytes.size()))
                     : ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// The next "rsp" frame: its transaction number and status text. False when
// the collector closes, says "serverclose", sends garbage or is silent
// past the I/O timeout.
bool CollectorConnection::read_relp_response(std::uint32_t& txnr, std::string& status) {
  for (;;) {
    RelpFrame frame;
    std::size_t used = 0;
    switch (parse_relp_frame(inbox_, frame, used)) {
      case ParseResult::damaged: return false;
      case ParseResult::whole:
        if (frame.command == "serverclose") return false;
        if (frame.command == "rsp") {
          txnr = frame.txnr;
          status = frame.data;
          inbox_.erase(0, used);
          return true;
        }
        inbox_.erase(0, used);  // a hint we need not act on
        continue;
      case ParseResult::partial: break;
    }
    // The collector answers each message with a small frame, which its
    // Nagle algorithm holds back until we ACK the last: without a quick ACK
    // every window would wait out our delayed-ACK timer (40 ms).
    int on = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
    char buffer[4096];
    ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) return false;
    inbox_.append(buffer, static_cast<std::size_t>(n));
  }
}

// Sends the whole batch, then reads the acknowledgements, which come in
// order: the messages before the first missing or refused one are delivered.
std::size_t CollectorConnection::send_relp(const std::vector<std::string>& messages) {
  std::string wire;
  std::uint32_t first = next_txnr_;
  for (const auto& m : messages) {
    append_relp_frame(wire, next_txnr_, "syslog", m);
    next_txnr_ = next_txnr_ == kRelpMaxTxnr ? 1 : next_txnr_ + 1;
  }
  if (!write_all(wire)) return 0;
  std::size_t acknowledged = 0;
  std::uint32_t expected = first;
  for (std::uint32_t txnr; acknowledged < messages.size(); ++acknowledged) {
    std::string status;
    if (!read_relp_response(txnr, status) || txnr != expected || !status.starts_with("200")) break;
    expected = expected == kRelpMaxTxnr ? 1 : expected + 1;
  }
  return acknowledged;
}

std::size_t CollectorConnection::send(const std::vector<std::string>& messages) {
  if (fd_ >= 0 && address_.protocol != CollectorProtocol::udp && peer_has_closed()) disconnect();
  if (fd_ < 0 && !connect()) return 0;
  std::size_t delivered = 0;
  switch (address_.protocol) {
    case CollectorProtocol::udp:  // a datagram each
      while (delivered < messages.size() && write_all(messages[delivered])) ++delivered;
      break;
    case CollectorProtocol::relp: delivered = send_relp(messages); break;
    case CollectorProtocol::tcp:
    case CollectorProtocol::tls: {
      std::string wire;
      for (const auto& m : messages) {
        if (address_.lf_framing)
          fmt::format_to(std::back_inserter(wire), "{}\n", m);
        else
          fmt::format_to(std::back_inserter(wire), "{} {}", m.size(), m);
      }
      if (write_all(wire)) delivered = messages.size();
      break;
    }
  }
  if (delivered < messages.size()) disconnect();
  return delivered;
}

// TLS close_notify (or RELP close), then our half of TCP, then waiting
// (briefly) for the peer to close its half. Closing with unread data (a
// TLS 1.3 session ticket, say) would send a RST, and the peer would drop
// what it had not read yet.
void CollectorConnection::close() {
  if (fd_ < 0 || address_.protocol == CollectorProtocol::udp) return disconnect();
  if (address_.protocol == CollectorProtocol::relp) {
    std::uint32_t txnr;
    std::string status;
    if (write_all(relp_frame(next_txnr_, "close", ""))) read_relp_response(txnr, status);
  }
  if (tls_) SSL_shutdown(tls_);
  ::shutdown(fd_, SHUT_WR);
  timeval wait{1, 0};
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  char sink[4096];
  while (recv(fd_, sink, sizeof sink, 0) > 0) {
  }
  disconnect();
}

}  // namespace dlp
