#include "worker.hpp"

#include <fmt/format.h>

#include "common/community_id.hpp"
#include "detect/scan/quote_masking.hpp"

namespace dlp {

Worker::Worker(const SensorConfig& config, const NetworkRoles& roles, Engine engine, AlertHandler on_alert,
               TransactionLogs logs)
    : config_(config), roles_(roles), on_alert_(std::move(on_alert)), logs_(std::move(logs)),
      decoder_(config.decode), reassembly_{config.reassembly, {}},
      current_(std::make_shared<Generation>(std::move(engine), config.scan)), ftp_expectations_(app_stats_.ftp),
      reporter_(config.report), flows_(config.flow, [this](Flow& f, FlowEndReason why) { on_flow_end(f, why); }) {}

Worker::~Worker() = default;

void Worker::reload(Engine engine) {
  retired_.push_back(std::exchange(current_, std::make_shared<Generation>(std::move(engine), config_.scan)));
  prune_generations();
}

void Worker::prune_generations() {
  std::erase_if(retired_, [&](const std::shared_ptr<Generation>& g) {
    if (g.use_count() > 1) return false;  // a flow still uses it
    add_counters(retired_scan_stats_, g->scanner.stats());
    return true;
  });
}

void Worker::process(const RawPacket& raw) {
  DecodedPacket p;
  decoder_.expire(raw.ts);
  flows_.expire(raw.ts);
  const auto decoded = decoder_.decode(raw, p);
  if (decoded == PacketDecoder::Result::tcp) on_tcp(p);
  // DNS answers name the addresses a client connects to next.
  if (decoded == PacketDecoder::Result::udp && p.src.port == 53) dns_names_.learn(p.dst.ip, p.payload);
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
  Flow& flow = *found.flow;
  const int dir = found.direction;
  ++flow.packets[dir];
  if (!flow.data) {
    // A data connection an FTP control connection announced is claimed at its first packet.
    auto connection = std::make_unique<TcpConnection>();
    std::get<TcpHandshake>(connection->state).transfer = ftp_expectations_.claim(flow.receiver(0));
    flow.data = std::move(connection);
  }
  // The flow table holds only what this worker gave it.
  auto& connection = static_cast<TcpConnection&>(*flow.data);
  if (auto* handshake = std::get_if<TcpHandshake>(&connection.state)) {
    if (p.payload.empty() && !p.has(tcp_flag::fin)) {
      if (p.has(tcp_flag::syn)) handshake->syn_seq[dir] = p.seq;
      if (p.has(tcp_flag::rst)) flows_.set_state(flow, FlowState::closing);
      flows_.update_memory(flow);
      return;
    }
    connection.state = open_session(flow, *handshake);
  }
  deliver(p, flow, *connection.session(), dir);
}

void Worker::deliver(const DecodedPacket& p, Flow& flow, TcpSession& s, int dir) {
  DirectionSink sink(s, dir, logs_.http);
  TcpStream& stream = s.streams[dir];
  if (p.has(tcp_flag::syn)) {
    stream.on_syn(p.seq);
    // Data on a SYN is only real with TCP Fast Open.
    if (p.tcp_fast_open && !p.payload.empty()) stream.on_segment(p.seq + 1, p.payload, false, sink);
  } else if (!p.payload.empty() || p.has(tcp_flag::fin)) {
    stream.on_segment(p.seq, p.payload, p.has(tcp_flag::fin), sink);
  }
  if (p.has(tcp_flag::rst) || p.has(tcp_flag::fin))
    flows_.set_state(flow, FlowState::closing);
  else if (!p.payload.empty() && flow.state == FlowState::fresh)
    flows_.set_state(flow, FlowState::established);

  // A direction is done at its FIN, or if it never sent anything (a SPAN
  // port that sees one side only). A RST only moves the flow to closing:
  // stacks ignore RSTs out of window, so an injected one must not end
  // inspection; the closing timeout reports the flow instead.
  auto done = [&](int d) { return s.streams[d].finished() || flow.packets[d] == 0; };
  if (done(0) && done(1)) {
    report(flow, s);
    flow.data.reset();
    flows_.set_state(flow, FlowState::closed);
    if (!retired_.empty()) prune_generations();
  } else if (reporter_.reports_while_running(flow.first_seen, p.ts)) {
    report_running(flow, s);
  }
  flows_.update_memory(flow);
}

std::unique_ptr<TcpSession> Worker::open_session(const Flow& flow, TcpHandshake& handshake) {
  return std::make_unique<TcpSession>(sessions_, current_, flow, handshake);
}

FlowSummary Worker::summary_of(const Flow& flow, const TcpSession& s, int dir) const {
  FlowSummary summary;
  summary.now = flow.last_seen;
  summary.sender = flow.sender(dir);
  summary.receiver = flow.receiver(dir);
  summary.direction = roles_.direction_of(summary.sender.ip, summary.receiver.ip);
  summary.proto = "tcp";
  summary.ip_proto = ip_proto::tcp;
  summary.app = s.app.name();
  summary.start = flow.first_seen;
  summary.end = flow.last_seen;
  summary.bytes = s.streams[dir].delivered();
  const ConnectionFacts facts = s.app.facts(dir);
  summary.context = facts.context;
  summary.mail_from = facts.mail_from;
  summary.rcpt_to = facts.rcpt_to;
  summary.db_user = facts.db_user;
  summary.db_name = facts.db_name;
  summary.rows = facts.rows;
  summary.truncated = s.truncated[dir];
  summary.tls = facts.tls;
  summary.sender_initiated = dir == facts.initiator;
  summary.http = facts.http;
  // Only the client's data goes to a named receiver.
  if (dir == 0) {
    summary.destination = !facts.tls.sni.empty() ? facts.tls.sni : s.app.context(0).http_host;
    if (summary.destination.empty()) summary.destination = dns_names_.name_of(summary.sender.ip, summary.receiver.ip);
    summary.destination_kind = s.generation->engine->destinations.kind_of(summary.destination);
  }
  return summary;
}

void Worker::report_running(const Flow& flow, TcpSession& s) {
  pending_alerts_.clear();
  for (int dir = 0; dir < 2; ++dir)
    if (s.findings[dir].take_changed())
      reporter_.flow_running(summary_of(flow, s, dir), s.findings[dir], s.marks[dir], pending_alerts_);
  emit_pending();
}

// What an alert quotes of the traffic (a URI, a file name, a statement) is
// masked as it leaves, where it validates as personal data.
void Worker::emit_pending() {
  for (Alert& a : pending_alerts_) {
    mask_quoted(current_->scanner, a.content);
    mask_quoted(current_->scanner, a.tls);
    ++alerts_;
    on_alert_(a);
  }
}

void Worker::on_flow_end(Flow& flow, FlowEndReason) {
  if (flow.data)
    if (TcpSession* s = static_cast<TcpConnection&>(*flow.data).session()) report(flow, *s);
  flow.data.reset();
  if (!retired_.empty()) prune_generations();
}

// Delivers what is still held (holes become gaps), closes the scans and
// hands each direction's findings to the report.
void Worker::report(Flow& flow, TcpSession& s) {
  pending_alerts_.clear();
  for (int dir = 0; dir < 2; ++dir) {
    DirectionSink sink(s, dir, logs_.http);
    s.streams[dir].flush(sink);
    sink.close();
    s.findings[dir].close_record();
    if (s.dumps) {
      const Endpoint& from = flow.sender(dir);
      const Endpoint& to = flow.receiver(dir);
      (*s.dumps)[dir].save(config_.dump_streams, fmt::format("{}-{}", flow.id, dir == 0 ? "c2s" : "s2c"),
                           fmt::format("{}\t{}\t{}\t{}", from.ip.to_string(), from.port, to.ip.to_string(), to.port));
    }
    const bool found = !s.findings[dir].empty(), unread = !s.app.readable(dir);
    if (!found && !unread) continue;
    const FlowSummary summary = summary_of(flow, s, dir);
    if (found) reporter_.flow_ended(summary, s.findings[dir], s.generation->engine, pending_alerts_);
    // What could not be read counts in its sender's upload volume.
    if (unread) reporter_.unread_flow_ended(summary, s.streams[1 - dir].delivered(), pending_alerts_);
  }
  emit_pending();
  log_tls(flow, s);
}

void Worker::log_tls(const Flow& flow, const TcpSession& s) const {
  if (!logs_.tls) return;
  TlsSummary tls = s.app.facts(0).tls;
  mask_quoted(s.generation->scanner, tls);
  if (!tls.state.empty())
    logs_.tls(tls_log_line(tls, flow.sender(0), flow.receiver(0), flow.first_seen, s.streams[0].delivered(),
                           s.streams[1].delivered()));
}

void Worker::finish() { flows_.end_all(FlowEndReason::end_of_input); }

WorkerStats Worker::stats() const {
  WorkerStats w;
  w.decode = decoder_.stats();
  w.defrag = decoder_.defrag_stats();
  w.flows = flows_.stats();
  w.tcp = reassembly_.stats;
  w.app = app_stats_;
  w.scan = retired_scan_stats_;
  add_counters(w.scan, current_->scanner.stats());
  for (const auto& g : retired_) add_counters(w.scan, g->scanner.stats());
  w.findings = findings_stats_;
  w.hosts = reporter_.host_stats();
  w.workstations = reporter_.workstation_stats();
  w.receivers = reporter_.receiver_stats();
  w.uploads = reporter_.upload_stats();
  w.alerts = alerts_;
  w.memory.flows = flows_.stats().memory;
  w.memory.flows_cap = config_.flow.memcap;
  w.memory.reassembly = reassembly_.stats.held_bytes;
  w.memory.reassembly_cap = config_.reassembly.memcap;
  w.memory.defrag = decoder_.defrag_stats().held_bytes;
  w.memory.defrag_cap = config_.decode.defrag.memcap;
  return w;
}

}  // namespace dlp
