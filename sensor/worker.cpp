#include "worker.hpp"

#include <array>
#include <fmt/format.h>

#include "common/json_writer.hpp"
#include "reassembly/stream_dump.hpp"

namespace dlp {

// The per-flow state of a TCP connection, index 0 client to server.
struct TcpSession final : FlowData {
  TcpSession(ReassemblyContext& ctx, const PatternDatabase& patterns, const SignatureSet& sigs,
             const FindingsConfig& cfg, FindingsStats& stats, const HttpLimits& http_limits, HttpStats& http_stats,
             bool dump)
      : patterns(patterns), streams{TcpStream(ctx), TcpStream(ctx)},
        http{HttpAnalyzer(http_limits, http_stats), HttpAnalyzer(http_limits, http_stats)},
        findings{FlowFindings(sigs, cfg, stats), FlowFindings(sigs, cfg, stats)} {
    if (dump) dumps = std::make_unique<std::array<StreamDump, 2>>();
  }
  std::size_t memory_bytes() const override {
    std::size_t bytes = sizeof(*this);
    for (int d = 0; d < 2; ++d)
      bytes += streams[d].memory_bytes() + content[d].memory_bytes(patterns.stream_state_bytes()) +
               decoded[d].memory_bytes(patterns.stream_state_bytes()) + http[d].memory_bytes() +
               findings[d].memory_bytes();
    return bytes;
  }
  const PatternDatabase& patterns;
  std::array<TcpStream, 2> streams;
  std::array<ContentStream, 2> content;
  std::array<HttpAnalyzer, 2> http;
  std::array<ContentStream, 2> decoded;  // HTTP bodies the raw scan cannot read (chunked, gzip)
  std::array<FlowFindings, 2> findings;
  std::unique_ptr<std::array<StreamDump, 2>> dumps;
};

namespace {

// Hands one direction's in-order bytes to the scanner (and to the dump) and
// to the HTTP analyzer, whose decoded bodies are scanned as their own stream.
class DirectionSink final : public StreamSink, public HttpBodySink {
 public:
  DirectionSink(Scanner& scanner, TcpSession& s, int dir)
      : scanner_(scanner), content_(s.content[dir]), http_(s.http[dir]), decoded_(s.decoded[dir]),
        findings_(s.findings[dir]), dump_(s.dumps ? &(*s.dumps)[dir] : nullptr) {}
  void on_data(ByteSpan data) override {
    scanner_.write(content_, data, findings_);
    http_.feed(data, *this);
    if (dump_) dump_->on_data(data);
  }
  void on_gap(std::uint64_t length) override {
    scanner_.gap(content_, length, findings_);
    http_.gap(*this);
    if (dump_) dump_->on_gap(length);
  }
  void on_body(ByteSpan decoded) override { scanner_.write(decoded_, decoded, findings_); }
  // No token spans two bodies.
  void on_body_end() override { scanner_.gap(decoded_, 0, findings_); }
  void close() {
    http_.close(*this);
    scanner_.close(decoded_, findings_);
    scanner_.close(content_, findings_);
  }

 private:
  Scanner& scanner_;
  ContentStream& content_;
  HttpAnalyzer& http_;
  ContentStream& decoded_;
  FlowFindings& findings_;
  StreamDump* dump_;
};

}  // namespace

Worker::Worker(const SensorConfig& config, const HomeNetwork& home, const SignatureSet& signatures,
               const PatternDatabase& patterns, AlertHandler on_alert)
    : config_(config), home_(home), signatures_(signatures), patterns_(patterns), on_alert_(std::move(on_alert)),
      decoder_(config.decode), reassembly_{config.reassembly, {}}, scanner_(patterns, signatures, config.scan), hosts_(config.host_summary),
      flows_(config.flow, [this](Flow& f, FlowEndReason why) { on_flow_end(f, why); }) {}

Worker::~Worker() = default;

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
  if (!flow->data)
    flow->data = std::make_unique<TcpSession>(reassembly_, patterns_, signatures_, config_.findings,
                                              findings_stats_, config_.http, http_stats_,
                                              !config_.dump_streams.empty());
  auto& s = static_cast<TcpSession&>(*flow->data);
  DirectionSink sink(scanner_, s, dir);
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
  } else if (p.ts.usec - flow->first_seen.usec >= config_.threshold_alert_age_usec) {
    for (int d = 0; d < 2; ++d)
      if (s.findings[d].take_changed()) report_crossings(*flow, s, d);
  }
  flows_.update_memory(*flow);
}

// What an alert says of the flow direction, or nothing when that direction
// is not reported (only outbound, unless --all-directions).
std::optional<FlowSummary> Worker::summary_of(const Flow& flow, const TcpSession& s, int dir) const {
  const Endpoint& from = flow.sender(dir);
  const Endpoint& to = flow.receiver(dir);
  const char* direction = direction_name(home_, from.ip, to.ip);
  if (!config_.all_directions && std::string_view(direction) != "outbound") return std::nullopt;
  const char* app = s.http[0].is_http() || s.http[1].is_http() ? "http" : "raw";
  return FlowSummary{flow.last_seen, from, to, direction, "tcp", app,
                     flow.first_seen, flow.last_seen, s.streams[dir].delivered()};
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
  if (flow.data) {
    report(flow, static_cast<TcpSession&>(*flow.data));
    flow.data.reset();
  }
}

// Delivers what is still held (holes become gaps), closes the scans and
// emits one alert per category and reported direction, with the totals.
void Worker::report(Flow& flow, TcpSession& s) {
  pending_alerts_.clear();
  for (int dir = 0; dir < 2; ++dir) {
    DirectionSink sink(scanner_, s, dir);
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
      hosts_.add(summary->sender, summary->start, summary->now, summary->bytes, totals_, pending_alerts_);
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
  w.key("http").begin_object();
  http_stats_.write_json(w);
  w.end_object();
  w.key("scan").begin_object();
  scanner_.stats().write_json(w);
  findings_stats_.write_json(w);
  w.end_object();
  w.key("hosts").begin_object();
  hosts_.stats().write_json(w);
  w.end_object();
  w.field("alerts", alerts_);
}

}  // namespace dlp
