#pragma once
#include <functional>
#include <string>

#include "app/content_sink.hpp"
#include "common/flow_key.hpp"
#include "common/timestamp.hpp"
#include "common/tls_summary.hpp"

namespace dlp {

// Receives one JSON line per transaction.
using MessageLog = std::function<void(const std::string&)>;

// The logs beside the alerts, each empty when not asked for.
struct TransactionLogs {
  MessageLog http;  // --http-log: one line per decoded HTTP message
  MessageLog tls;   // --tls-log: one line per TLS connection
};

// The --http-log line of one message sent from `from` to `to`.
std::string message_log_line(const MessageRecord& m, const Endpoint& from, const Endpoint& to);
// The --tls-log line of a connection from `client` to `server`.
std::string tls_log_line(const TlsSummary& tls, const Endpoint& client, const Endpoint& server, Timestamp start,
                         std::uint64_t sent, std::uint64_t received);

}  // namespace dlp
