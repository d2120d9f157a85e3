#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "alert/alert_output.hpp"

struct ssl_ctx_st;
struct ssl_st;

namespace dlp {

enum class CollectorProtocol {
  udp,   // RFC 5426: a datagram per message
  tcp,   // RFC 6587: octet counting, or a newline after each message
  tls,   // RFC 5425: octet counting inside TLS
  relp,  // rsyslog's RELP: the collector acknowledges every message
};

struct CollectorAddress {
  std::string host;
  std::string port;
  CollectorProtocol protocol = CollectorProtocol::udp;
  bool lf_framing = false;  // tcp: newline after each message instead of octet counting
};

struct TlsContextFree {
  void operator()(ssl_ctx_st* ctx) const;
};
using TlsContext = std::unique_ptr<ssl_ctx_st, TlsContextFree>;

// A TLS client context from the delivery settings, or null with `error` set.
TlsContext make_tls_context(const DeliveryConfig& config, std::string& error);

// One connection to a syslog collector, made when first needed and again
// after it fails. Used by one thread.
class CollectorConnection {
 public:
  CollectorConnection(CollectorAddress address, const DeliveryConfig& config, TlsContext tls);
  ~CollectorConnection();
  CollectorConnection(const CollectorConnection&) = delete;
  CollectorConnection& operator=(const CollectorConnection&) = delete;

  // Sends the messages in order and returns how many the collector has:
  // with RELP, how many it acknowledged; otherwise how many went out whole
  // (plain TCP cannot know more). Fewer than all means the connection
  // failed and is closed; the rest should be sent again later.
  std::size_t send(const std::vector<std::string>& messages);
  // RELP waits for an acknowledgement per message: larger batches than this
  // would only wait longer.
  std::size_t max_batch_messages() const;
  // Ends the connection so that the collector reads everything sent.
  void close();

 private:
  bool connect();
  bool start_tls();
  bool open_relp();
  bool peer_has_closed() const;
  bool write_all(std::string_view bytes);
  bool read_relp_response(std::uint32_t& txnr, std::string& status);
  std::size_t send_relp(const std::vector<std::string>& messages);
  void disconnect();

  const CollectorAddress address_;
  const DeliveryConfig config_;
  TlsContext tls_context_;
  int fd_ = -1;
  ssl_st* tls_ = nullptr;
  std::uint32_t next_txnr_ = 1;
  std::string inbox_;  // RELP: received bytes not yet parsed
};

}  // namespace dlp
