#pragma once
#include <functional>
#include <memory>
#include <vector>

#include "capture/raw_packet.hpp"
#include "common/alert.hpp"
#include "decode/packet_decoder.hpp"
#include "flow/flow_table.hpp"
#include "flow/network_roles.hpp"
#include "options.hpp"
#include "report/reporter.hpp"
#include "session/direction_sink.hpp"
#include "session/tcp_session.hpp"
#include "worker_stats.hpp"

namespace dlp {

// Carries packets through every stage for the flows it owns: decode, flow
// table, TCP reassembly, the session (analyzers, scans, findings), and the
// report. Alerts leave through the handler. A worker has no locks; several
// workers each own a slice of the flows.
class Worker {
 public:
  using AlertHandler = std::function<void(const Alert&)>;

  Worker(const SensorConfig& config, const NetworkRoles& roles, Engine engine, AlertHandler on_alert,
         TransactionLogs logs = {});
  ~Worker();

  // Flows that start from now on are inspected with `engine`; those under
  // way finish with the one they started with.
  void reload(Engine engine);

  void process(const RawPacket& raw);
  // Lets timeouts run when no packet brings the clock forward (live capture).
  void advance(Timestamp now);
  // End of input: every flow still open reports.
  void finish();

  WorkerStats stats() const;
  std::uint64_t alerts() const { return alerts_; }

 private:
  void on_tcp(const DecodedPacket& p);
  void deliver(const DecodedPacket& p, Flow& flow, TcpSession& s, int dir);
  void on_flow_end(Flow& flow, FlowEndReason why);
  // The session of a connection's first data, with what its handshake saw.
  std::unique_ptr<TcpSession> open_session(const Flow& flow, TcpHandshake& handshake);
  void report(Flow& flow, TcpSession& session);
  void report_running(const Flow& flow, TcpSession& session);
  FlowSummary summary_of(const Flow& flow, const TcpSession& session, int dir) const;
  void emit_pending();
  void log_tls(const Flow& flow, const TcpSession& session) const;
  // Frees the generations no flow uses any more.
  void prune_generations();

  const SensorConfig& config_;
  const NetworkRoles& roles_;
  AlertHandler on_alert_;
  TransactionLogs logs_;
  PacketDecoder decoder_;
  ReassemblyContext reassembly_;
  // The engine new flows use, with its scanner (a scratch for its database),
  // and the ones flows that started before a reload still use.
  std::shared_ptr<Generation> current_;
  std::vector<std::shared_ptr<Generation>> retired_;
  ScanStats retired_scan_stats_;  // of generations no flow uses any more
  FindingsStats findings_stats_;
  AppStats app_stats_;
  FtpExpectations ftp_expectations_;
  DnsNames dns_names_{config_.app.max_dns_names, app_stats_.dns};
  SessionContext sessions_{reassembly_,
                           config_.findings,
                           findings_stats_,
                           config_.app,
                           app_stats_,
                           ftp_expectations_,
                           !config_.dump_streams.empty()};
  Reporter reporter_;
  FlowTable flows_;  // last: its destructor must not outlive what sessions point to
  std::vector<Alert> pending_alerts_;
  std::uint64_t alerts_ = 0;
};

}  // namespace dlp
