#pragma once
#include <array>
#include <memory>
#include <optional>
#include <variant>

#include "app/application_layer.hpp"
#include "detect/findings/flow_findings.hpp"
#include "flow/flow.hpp"
#include "reassembly/stream_dump.hpp"
#include "reassembly/tcp_stream.hpp"
#include "report/reporter.hpp"
#include "session/generation.hpp"

namespace dlp {

// What every session of one worker shares: limits, counters, the FTP data
// connections announced.
struct SessionContext {
  ReassemblyContext& reassembly;
  const FindingsConfig& findings;
  FindingsStats& findings_stats;
  const AppConfig& app;
  AppStats& app_stats;
  FtpExpectations& ftp;
  bool dump_streams = false;
};

// A connection that has carried no data yet keeps only its initial
// sequence numbers (and the FTP transfer it was announced for): a SYN flood
// costs flow entries, not sessions with their streams and decoders.
struct TcpHandshake {
  std::array<std::optional<std::uint32_t>, 2> syn_seq;
  std::shared_ptr<FtpTransfer> transfer;
};

// The per-flow state of a TCP connection once it carries data, index 0
// client to server: each direction's stream, its raw and decoded content
// streams with their findings, and the application layer between them.
struct TcpSession {
  TcpSession(SessionContext& ctx, std::shared_ptr<Generation> gen, const Flow& flow, TcpHandshake& handshake);
  std::size_t memory_bytes() const;

  std::shared_ptr<Generation> generation;  // the engine the flow started with
  std::array<TcpStream, 2> streams;
  std::array<ContentStream, 2> content;
  ApplicationLayer app;
  // What the application decoders give, one piece after another, with the
  // context of the piece being scanned: made when a decoder first gives a
  // piece (most connections have none, and a flow's size is what a million
  // open flows cost).
  struct Decoded {
    ContentStream stream;
    ContentContext context;
  };
  std::array<std::unique_ptr<Decoded>, 2> decoded;
  std::array<bool, 2> truncated = {false, false};
  std::size_t routing_ignored = 0;  // the application's routing values passed to the findings
  std::array<FlowFindings, 2> findings;
  std::array<ThresholdMarks, 2> marks;
  std::unique_ptr<std::array<StreamDump, 2>> dumps;
};

// What the flow table keeps for a TCP flow: its handshake until the first
// data (or FIN), then its session.
struct TcpConnection final : FlowData {
  std::size_t memory_bytes() const override;
  TcpSession* session() {
    auto* s = std::get_if<std::unique_ptr<TcpSession>>(&state);
    return s ? s->get() : nullptr;
  }
  std::variant<TcpHandshake, std::unique_ptr<TcpSession>> state;
};

}  // namespace dlp
