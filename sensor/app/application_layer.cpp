#include "app/application_layer.hpp"

#include <algorithm>

#include "app/analyzer_table.hpp"
#include "common/json_writer.hpp"

namespace dlp {

void AppStats::write(StatsWriter& w) const {
  write_counter_group(w, "http", http);
  write_counter_group(w, "http2", http2);
  write_counter_group(w, "smtp", smtp);
  write_counter_group(w, "ftp", ftp);
  write_counter_group(w, "mysql", mysql);
  write_counter_group(w, "pgsql", pgsql);
  write_counter_group(w, "tds", tds);
  write_counter_group(w, "tls", tls);
  write_counter_group(w, "dns", dns);
  write_counter_group(w, "content", content);
}

AppStats& AppStats::operator+=(const AppStats& o) {
  add_counters(http, o.http);
  add_counters(http2, o.http2);
  add_counters(smtp, o.smtp);
  add_counters(ftp, o.ftp);
  add_counters(mysql, o.mysql);
  add_counters(pgsql, o.pgsql);
  add_counters(tds, o.tds);
  add_counters(tls, o.tls);
  add_counters(dns, o.dns);
  add_counters(content, o.content);
  return *this;
}

ApplicationLayer::ApplicationLayer(const AppConfig& config, AppStats& stats, FtpExpectations& ftp,
                                   const Endpoint& client, const Endpoint& server,
                                   std::shared_ptr<FtpTransfer> transfer)
    : env_{config, stats, ftp, client, server, std::move(transfer)} {
  if (!config.enabled) return;
  const auto table = analyzer_table();
  for (std::size_t i = 0; i < table.size() && !claimed(); ++i)
    if (table[i].at_start && table[i].at_start(env_)) start(i);
}

ApplicationLayer::~ApplicationLayer() = default;

void ApplicationLayer::start(std::size_t entry) {
  auto at = std::find_if(active_.begin(), active_.end(), [&](const Active& a) { return a.entry > entry; });
  active_.insert(at, Active{entry, analyzer_table()[entry].create(env_)});
}

bool ApplicationLayer::claimed() const {
  return std::any_of(active_.begin(), active_.end(), [](const Active& a) { return a.analyzer->claimed(); });
}

// The client's first bytes may name a protocol whose server speaks first
// (SMTP, FTP): nothing the server said is needed.
void ApplicationLayer::recognise_client(ByteSpan head) {
  client_seen_ = true;
  if (claimed()) return;
  const auto table = analyzer_table();
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (!table[i].from_client_bytes || !table[i].from_client_bytes(as_chars(head))) continue;
    if (std::none_of(active_.begin(), active_.end(), [&](const Active& a) { return a.entry == i; })) start(i);
    return;
  }
}

void ApplicationLayer::deliver(int dir, ByteSpan data, ContentSink& sink) {
  if (!env_.config.enabled || data.empty()) return;
  if (dir == 0 && !client_seen_) recognise_client(data);
  for (const Active& a : active_) {
    a.analyzer->deliver(dir, data, sink);
    if (a.analyzer->claimed()) break;
  }
}

void ApplicationLayer::undelivered(int dir, ContentSink& sink) {
  for (const Active& a : active_) a.analyzer->undelivered(dir, sink);
}

void ApplicationLayer::end_of_stream(int dir, ContentSink& sink) {
  for (const Active& a : active_) a.analyzer->end_of_stream(dir, sink);
}

const char* ApplicationLayer::name() const {
  for (const Active& a : active_)
    if (a.analyzer->claimed()) return analyzer_table()[a.entry].name;
  return "raw";
}

bool ApplicationLayer::opaque(int dir) const {
  return std::any_of(active_.begin(), active_.end(), [&](const Active& a) { return a.analyzer->opaque(dir); });
}

bool ApplicationLayer::readable(int dir) const {
  return claimed() &&
         std::none_of(active_.begin(), active_.end(), [&](const Active& a) { return a.analyzer->unread(dir); });
}

const ContentContext& ApplicationLayer::context(int dir) const {
  for (const Active& a : active_)
    if (const ContentContext* c = a.analyzer->context(dir)) return *c;
  return no_context_;
}

ConnectionFacts ApplicationLayer::facts(int dir) const {
  ConnectionFacts facts;
  for (const Active& a : active_) a.analyzer->describe(dir, facts);
  return facts;
}

const std::vector<std::string>* ApplicationLayer::routing_values() const {
  for (const Active& a : active_)
    if (const auto* values = a.analyzer->routing_values()) return values;
  return nullptr;
}

std::size_t ApplicationLayer::memory_bytes() const {
  std::size_t bytes = active_.capacity() * sizeof(Active);
  for (const Active& a : active_) bytes += a.analyzer->memory_bytes();
  return bytes;
}

OptionTable<AppConfig> app_options() {
  using C = AppConfig;
  return {
      option::flag("no-app-decoding", &C::enabled, false,
                   "scan the raw stream bytes only: no HTTP, SMTP, FTP, MIME, archive or compression decoding (a "
                   "baseline for benchmarks)"),
      option::nest(&C::http, option::integer("body-depth", "MIB", &HttpLimits::max_body_bytes, 0, 4096, 1 << 20,
                                             "bodies, mail and transfers decoded per connection direction; the "
                                             "rest is scanned raw only and the alert says truncated")),
      option::nest(&C::db, option::integer("db-message-limit", "KIB", &DbLimits::max_message_bytes, 1, 1 << 20, 1 << 10,
                                           "of one database message (a row, a piece of an upload) held to be read; "
                                           "the rest of a longer one is skipped and counted")),
      option::nest(&C::tls, option::texts("tls-keylog", "FILE", &TlsConfig::keylog_files,
                                          "TLS secrets in the NSS key log format (SSLKEYLOGFILE): connections "
                                          "they open are deciphered and read as cleartext; repeat for several. "
                                          "Live, lines appended while capturing are read too")),
      option::nest(&C::tls, option::integer("tls-key-wait", "KIB", &TlsConfig::max_key_wait_bytes, 0, 1 << 20, 1024,
                                            "live, of each connection's records held for secrets the key log does "
                                            "not have yet (0: none); past it the connection stays encrypted")),
      option::nest(&C::content, option::integer("decode-depth", "LEVELS", &ContentLimits::max_depth, 1, 64, 1,
                                                "multipart, message and archive nesting decoded")),
  };
}

}  // namespace dlp
