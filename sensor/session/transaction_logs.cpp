#include "session/transaction_logs.hpp"

#include "common/json_writer.hpp"

namespace dlp {

namespace {
void endpoints(JsonWriter& w, const Endpoint& from, const Endpoint& to) {
  w.field("src_ip", from.ip.to_string()).field("src_port", std::uint64_t{from.port});
  w.field("dst_ip", to.ip.to_string()).field("dst_port", std::uint64_t{to.port});
}
}  // namespace

std::string message_log_line(const MessageRecord& m, const Endpoint& from, const Endpoint& to) {
  std::string line;
  JsonWriter w(line);
  w.begin_object();
  endpoints(w, from, to);
  if (m.response) w.field("status", std::uint64_t(m.status));
  w.field("method", m.context->http_method).field("uri", m.context->http_uri);
  w.field("body_bytes", m.body_bytes);
  w.end_object();
  return line;
}

std::string tls_log_line(const TlsSummary& tls, const Endpoint& client, const Endpoint& server, Timestamp start,
                         std::uint64_t sent, std::uint64_t received) {
  std::string line;
  JsonWriter w(line);
  w.begin_object();
  w.field("timestamp", format_iso8601(start));
  endpoints(w, client, server);
  w.field("tls", tls.state).field("version", tls.version).field("cipher", tls.cipher);
  w.field("sni", tls.sni).field("alpn", tls.alpn);
  w.field("ja3", tls.ja3).field("ja3_string", tls.ja3_string).field("ja4", tls.ja4);
  w.field("subject", tls.subject).field("issuer", tls.issuer);
  w.key("san").begin_array();
  for (const auto& name : tls.san) w.value(name);
  w.end_array();
  w.field("bytes_sent", sent).field("bytes_received", received);
  if (tls.state == "decrypted")
    w.field("decrypted_sent", tls.decrypted_bytes[0]).field("decrypted_received", tls.decrypted_bytes[1]);
  w.end_object();
  return line;
}

}  // namespace dlp
