#include "worker.hpp"

#include <array>
#include <fmt/format.h>

#include "common/json_writer.hpp"
#include "app/application_layer.hpp"
#include "reassembly/stream_dump.hpp"

namespace dlp {

// A detection engine with the scanner that scans with it (its scratch).
struct Generation {
  Generation(Engine e, const ScanConfig& config)
      : engine(std::move(e)), scanner(engine->patterns, engine->signatures, config) {}
  Engine engine;
  Scanner scanner;
};

// The per-flow state of a TCP connection, index 0 client to server.
struct TcpSession final : FlowData {
  TcpSession(ReassemblyContext& ctx, std::shared_ptr<Generation> gen, const FindingsConfig& cfg, FindingsStats& stats,
             const AppConfig& app_config, AppStats& app_stats, FtpExpectations& ftp, const Endpoint& client,
             const Endpoint& server, bool dump)
      : generation(std::move(gen)), streams{TcpStream(ctx), TcpStream(ctx)},
        app(app_config, app_stats, ftp, client, server),
        findings{FlowFindings(generation->engine->signatures, cfg, stats),
                 FlowFindings(generation->engine->signatures, cfg, stats)} {
    if (dump) dumps = std::make_unique<std::array<StreamDump, 2>>();
  }
  std::size_t memory_bytes() const override {
    const std::size_t state = generation->engine->patterns.stream_state_bytes();
    std::size_t bytes = sizeof(*this) + app.memory_bytes();
    for (int d = 0; d < 2; ++d)
      bytes += streams[d].memory_bytes() + content[d].memory_bytes(state) + decoded[d].memory_bytes(state) +
               findings[d].memory_bytes();
    return bytes;
  }
  std::shared_ptr<Generation> generation;  // the engine the flow started with
  std::array<TcpStream, 2> streams;
  std::array<ContentStream, 2> content;
  ApplicationLayer app;
  std::array<ContentStream, 2> decoded;  // what the application decoders give, one piece after another
  std::array<ContentContext, 2> decoded_context;  // of the piece being scanned
  std::array<bool, 2> truncated = {false, false};
  std::size_t envelope_ignored = 0;  // SMTP envelope addresses passed to the findings
  std::array<FlowFindings, 2> findings;
  std::unique_ptr<std::array<StreamDump, 2>> dumps;
};

// A connection that has carried no data yet keeps only its initial
// sequence numbers (and the FTP transfer it was announced for): a SYN flood
// costs flow entries, not sessions with their streams and decoders.
struct TcpHandshake final : FlowData {
  explicit TcpHandshake(std::shared_ptr<FtpTransfer> transfer) : transfer(std::move(transfer)) {}
  std::size_t memory_bytes() const override { return sizeof(*this); }
  std::array<std::optional<std::uint32_t>, 2> syn_seq;
  std::shared_ptr<FtpTransfer> transfer;
};

namespace {

// Hands one direction's in-order bytes to the application layer, then to
// the scanner (and to the dump); what the application layer decodes is
// scanned as a stream of its own.
class DirectionSink final : public StreamSink, public ContentSink {
 public:
  DirectionSink(Scanner& scanner, TcpSession& s, int dir, const Worker::MessageLog& message_log)
      : scanner_(scanner), s_(s), dir_(dir), message_log_(message_log) {}
  void on_data(ByteSpan data) override {
    s_.app.feed(dir_, data, *this);
    ignore_envelope();
    FlowFindings& findings = s_.findings[dir_];
    findings.set_context(FindingSource::raw, &s_.app.context(dir_));
    scanner_.write(s_.content[dir_], data, findings.sink(FindingSource::raw));
    if (s_.dumps) (*s_.dumps)[dir_].on_data(data);
  }
  void on_gap(std::uint64_t length) override {
    s_.app.gap(dir_, *this);
    scanner_.gap(s_.content[dir_], length, s_.findings[dir_].sink(FindingSource::raw));
    if (s_.dumps) (*s_.dumps)[dir_].on_gap(length);
  }
  void begin(const ContentContext& context) override {
    s_.decoded_context[dir_] = context;
    s_.findings[dir_].set_context(FindingSource::decoded, &s_.decoded_context[dir_]);
  }
  void data(ByteSpan decoded) override {
    scanner_.write(s_.decoded[dir_], decoded, s_.findings[dir_].sink(FindingSource::decoded));
  }
  // No token spans two pieces.
  void end() override { scanner_.gap(s_.decoded[dir_], 0, s_.findings[dir_].sink(FindingSource::decoded)); }
  void truncated() override { s_.truncated[dir_] = true; }
  void message(const MessageRecord& m) override {
    if (!message_log_) return;
    const Endpoint& from = s_.app.endpoint(dir_);
    const Endpoint& to = s_.app.endpoint(1 - dir_);
    std::string line;
    JsonWriter w(line);
    w.begin_object();
    w.field("src_ip", from.ip.to_string()).field("src_port", std::uint64_t{from.port});
    w.field("dst_ip", to.ip.to_string()).field("dst_port", std::uint64_t{to.port});
    if (m.response) w.field("status", std::uint64_t(m.status));
    w.field("method", m.context->http_method).field("uri", m.context->http_uri);
    w.field("body_bytes", m.body_bytes);
    w.end_object();
    message_log_(line);
  }
  void close() {
    s_.app.close(dir_, *this);
    scanner_.close(s_.decoded[dir_], s_.findings[dir_].sink(FindingSource::decoded));
    scanner_.close(s_.content[dir_], s_.findings[dir_].sink(FindingSource::raw));
  }

 private:
  // A mail's envelope addresses route it; they are not what it leaks.
  void ignore_envelope() {
    const SmtpAnalyzer* smtp = s_.app.smtp();
    if (!smtp) return;
    for (; s_.envelope_ignored < smtp->envelope().size(); ++s_.envelope_ignored)
      for (auto& f : s_.findings) f.ignore_value(smtp->envelope()[s_.envelope_ignored]);
  }
  Scanner& scanner_;
  TcpSession& s_;
  int dir_;
  const Worker::MessageLog& message_log_;
};

}  // namespace

Worker::Worker(const SensorConfig& config, const HomeNetwork& home, Engine engine, AlertHandler on_alert,
               MessageLog message_log)
    : config_(config), home_(home), on_alert_(std::move(on_alert)), message_log_(std::move(message_log)),
      decoder_(config.decode), reassembly_{config.reassembly, {}},
      current_(std::make_shared<Generation>(std::move(engine), config.scan)), ftp_expectations_(app_stats_.ftp),
      hosts_(config.host_summary),
      flows_(config.flow, [this](Flow& f, FlowEndReason why) { on_flow_end(f, why); }) {}

Worker::~Worker() = default;

void Worker::reload(Engine engine) {
  retired_.push_back(std::exchange(current_, std::make_shared<Generation>(std::move(engine), config_.scan)));
  prune_generations();
}

void Worker::prune_generations() {
  std::erase_if(retired_, [&](const std::shared_ptr<Generation>& g) {
    if (g.use_count() > 1) return false;  // a flow still uses it
    retired_scan_stats_ += g->scanner.stats();
    return true;
  });
}

void Worker::process(const RawPacket& raw) {
  DecodedPacket p;
  decoder_.expire(raw.ts);
  flows_.expire(raw.ts);
  if (decoder_.decode(raw, p) == PacketDecoder::Result::tcp) on_tcp(p);
}

void Worker::advance(Timestamp now) {
  decoder_.expire(now);
  flows_.expire(now);
}

void Worker::on_tcp(const DecodedPacket& p) {
  auto found = flows_.find_or_create(p);
  if (p.has(tcp_flag::syn) && !p.has(tcp_flag::ack) && found.flow->state >= FlowState::closing) {
    // A new connection reusing the ports of one that ended.
    flows_.end(*found.flow, FlowEndReason::closed);
    found = flows_.find_or_create(p);
  }
  // Late ACKs and retransmissions of a finished connection are dropped.
  if (found.flow->state == FlowState::closed) return;
  Flow* flow = found.flow;
  const int dir = found.direction;
  ++flow->packets[dir];
  // A data connection an FTP control connection announced is claimed at its first packet.
  if (!flow->data) flow->data = std::make_unique<TcpHandshake>(ftp_expectations_.claim(flow->receiver(0)));
  if (auto* handshake = dynamic_cast<TcpHandshake*>(flow->data.get())) {
    if (p.payload.empty() && !p.has(tcp_flag::fin)) {
      if (p.has(tcp_flag::syn)) handshake->syn_seq[dir] = p.seq;
      if (p.has(tcp_flag::rst)) flows_.set_state(*flow, FlowState::closing);
      flows_.update_memory(*flow);
      return;
    }
    flow->data = open_session(*flow, *handshake);
  }
  auto& s = static_cast<TcpSession&>(*flow->data);
  DirectionSink sink(s.generation->scanner, s, dir, message_log_);
  TcpStream& stream = s.streams[dir];
  if (p.has(tcp_flag::syn)) {
    stream.on_syn(p.seq);
    // Data on a SYN is only real with TCP Fast Open.
    if (p.tcp_fast_open && !p.payload.empty()) stream.on_segment(p.seq + 1, p.payload, false, sink);
  } else if (!p.payload.empty() || p.has(tcp_flag::fin)) {
    stream.on_segment(p.seq, p.payload, p.has(tcp_flag::fin), sink);
  }
  if (p.has(tcp_flag::rst) || p.has(tcp_flag::fin))
    flows_.set_state(*flow, FlowState::closing);
  else if (!p.payload.empty() && flow->state == FlowState::fresh)
    flows_.set_state(*flow, FlowState::established);

  // A direction is done at its FIN, or if it never sent anything (a SPAN
  // port that sees one side only). A RST only moves the flow to closing:
  // stacks ignore RSTs out of window, so an injected one must not end
  // inspection; the closing timeout reports the flow instead.
  auto done = [&](int d) { return s.streams[d].finished() || flow->packets[d] == 0; };
  if (done(0) && done(1)) {
    report(*flow, s);
    flow->data.reset();
    flows_.set_state(*flow, FlowState::closed);
    if (!retired_.empty()) prune_generations();
  } else if (p.ts.usec - flow->first_seen.usec >= config_.threshold_alert_age_usec) {
    for (int d = 0; d < 2; ++d)
      if (s.findings[d].take_changed()) report_crossings(*flow, s, d);
  }
  flows_.update_memory(*flow);
}

std::unique_ptr<TcpSession> Worker::open_session(const Flow& flow, TcpHandshake& handshake) {
  auto session = std::make_unique<TcpSession>(reassembly_, current_, config_.findings, findings_stats_, config_.app,
                                              app_stats_, ftp_expectations_, flow.sender(0), flow.receiver(0),
                                              !config_.dump_streams.empty());
  if (handshake.transfer) session->app.carry_ftp_transfer(std::move(handshake.transfer));
  for (int d = 0; d < 2; ++d)
    if (handshake.syn_seq[d]) session->streams[d].on_syn(*handshake.syn_seq[d]);
  return session;
}

// What an alert says of the flow direction, or nothing when that direction
// is not reported (only outbound, unless --all-directions).
std::optional<FlowSummary> Worker::summary_of(const Flow& flow, const TcpSession& s, int dir) const {
  const Endpoint& from = flow.sender(dir);
  const Endpoint& to = flow.receiver(dir);
  const char* direction = direction_name(home_, from.ip, to.ip);
  if (!config_.all_directions && std::string_view(direction) != "outbound") return std::nullopt;
  FlowSummary summary;
  summary.now = flow.last_seen;
  summary.sender = from;
  summary.receiver = to;
  summary.direction = direction;
  summary.proto = "tcp";
  summary.app = s.app.name();
  summary.start = flow.first_seen;
  summary.end = flow.last_seen;
  summary.bytes = s.streams[dir].delivered();
  summary.context = s.app.connection_context();
  if (const SmtpAnalyzer* smtp = s.app.smtp(); smtp && dir == 0) {
    summary.mail_from = smtp->mail_from();
    summary.rcpt_to = smtp->recipients();
  }
  summary.truncated = s.truncated[dir];
  return summary;
}

void Worker::report_crossings(const Flow& flow, TcpSession& s, int dir) {
  pending_alerts_.clear();
  if (auto summary = summary_of(flow, s, dir)) s.findings[dir].append_crossings(*summary, pending_alerts_);
  emit_pending();
}

void Worker::emit_pending() {
  for (const Alert& a : pending_alerts_) {
    ++alerts_;
    on_alert_(a);
  }
}

void Worker::on_flow_end(Flow& flow, FlowEndReason) {
  if (auto* s = dynamic_cast<TcpSession*>(flow.data.get())) report(flow, *s);
  flow.data.reset();
  if (!retired_.empty()) prune_generations();
}

// Delivers what is still held (holes become gaps), closes the scans and
// emits one alert per category and reported direction, with the totals.
void Worker::report(Flow& flow, TcpSession& s) {
  pending_alerts_.clear();
  for (int dir = 0; dir < 2; ++dir) {
    DirectionSink sink(s.generation->scanner, s, dir, message_log_);
    s.streams[dir].flush(sink);
    sink.close();
    s.findings[dir].close_record();
    const Endpoint& from = flow.sender(dir);
    const Endpoint& to = flow.receiver(dir);
    if (s.dumps)
      (*s.dumps)[dir].save(config_.dump_streams, fmt::format("{}-{}", flow.id, dir == 0 ? "c2s" : "s2c"),
                           fmt::format("{}\t{}\t{}\t{}", from.ip.to_string(), from.port, to.ip.to_string(), to.port));
    if (s.findings[dir].empty()) continue;
    auto summary = summary_of(flow, s, dir);
    if (!summary) continue;
    s.findings[dir].append_alerts(*summary, pending_alerts_);
    if (summary->direction == std::string_view("outbound")) {
      totals_.clear();
      s.findings[dir].append_totals(totals_);
      hosts_.add(summary->sender, summary->start, summary->now, summary->bytes, totals_, s.generation->engine,
                 pending_alerts_);
    }
  }
  emit_pending();
}

void Worker::finish() { flows_.end_all(FlowEndReason::end_of_input); }

void Worker::write_stats(JsonWriter& w) const {
  decoder_.stats().write_json(w);
  w.key("defrag").begin_object();
  decoder_.defrag_stats().write_json(w);
  w.end_object();
  w.key("flows").begin_object();
  flows_.stats().write_json(w);
  w.end_object();
  w.key("tcp").begin_object();
  reassembly_.stats.write_json(w);
  w.end_object();
  app_stats_.write_json(w);
  w.key("scan").begin_object();
  ScanStats scan = retired_scan_stats_;
  scan += current_->scanner.stats();
  for (const auto& g : retired_) scan += g->scanner.stats();
  scan.write_json(w);
  findings_stats_.write_json(w);
  w.end_object();
  w.key("hosts").begin_object();
  hosts_.stats().write_json(w);
  w.end_object();
  w.field("alerts", alerts_);
  // Each memory pool: in use, and its cap.
  w.key("memory").begin_object();
  w.field("flows", flows_.stats().memory).field("flows_cap", std::uint64_t{config_.flow.memcap});
  w.field("reassembly", reassembly_.stats.held_bytes).field("reassembly_cap", std::uint64_t{config_.reassembly.memcap});
  w.field("defrag", decoder_.defrag_stats().held_bytes).field("defrag_cap", std::uint64_t{config_.decode.defrag.memcap});
  w.end_object();
}

}  // namespace dlp
