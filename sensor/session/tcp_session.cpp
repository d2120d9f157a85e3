#include "session/tcp_session.hpp"

namespace dlp {

TcpSession::TcpSession(SessionContext& ctx, std::shared_ptr<Generation> gen, const Flow& flow, TcpHandshake& handshake)
    : generation(std::move(gen)), streams{TcpStream(ctx.reassembly), TcpStream(ctx.reassembly)},
      app(ctx.app, ctx.app_stats, ctx.ftp, flow.sender(0), flow.receiver(0), std::move(handshake.transfer)),
      findings{FlowFindings(generation->engine->signatures, ctx.findings, ctx.findings_stats),
               FlowFindings(generation->engine->signatures, ctx.findings, ctx.findings_stats)} {
  if (ctx.dump_streams) dumps = std::make_unique<std::array<StreamDump, 2>>();
  for (int d = 0; d < 2; ++d)
    if (handshake.syn_seq[d]) streams[d].on_syn(*handshake.syn_seq[d]);
}

std::size_t TcpSession::memory_bytes() const {
  const PatternDatabase& db = generation->engine->patterns;
  std::size_t bytes = sizeof(*this) + app.memory_bytes();
  for (int d = 0; d < 2; ++d)
    bytes += streams[d].memory_bytes() + content[d].memory_bytes(db) +
             (decoded[d] ? sizeof(Decoded) + decoded[d]->stream.memory_bytes(db) : 0) + findings[d].memory_bytes();
  return bytes;
}

std::size_t TcpConnection::memory_bytes() const {
  if (const auto* s = std::get_if<std::unique_ptr<TcpSession>>(&state)) return sizeof(*this) + (*s)->memory_bytes();
  return sizeof(*this);
}

}  // namespace dlp
