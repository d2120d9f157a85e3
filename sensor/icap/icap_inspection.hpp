#pragma once
#include <memory>
#include <string>
#include <vector>

#include "common/alert.hpp"
#include "flow/flow.hpp"
#include "icap/icap_request.hpp"
#include "report/reporter.hpp"
#include "session/tcp_session.hpp"
#include "session/transaction_logs.hpp"

namespace dlp {

// Who an ICAP request acts for, from the proxy's fields.
struct IcapClient {
  Endpoint address;  // X-Client-IP, else the proxy itself
  std::string user;  // X-Authenticated-User (or X-Client-Username), decoded
};

IcapClient icap_client_of(const IcapRequest& request, const IpAddress& proxy);

// The HTTP message one REQMOD or RESPMOD request carries, through the same
// stages as a reassembled connection's bytes: its heads and body go to a
// session's application layer (the HTTP analyzer, with its decoders) as the
// two directions of a connection would, both scans and the findings, and,
// at the end, the report. REQMOD's request is the client's outbound data;
// RESPMOD's response is what it downloads (inbound).
class IcapInspection {
 public:
  IcapInspection(SessionContext& ctx, std::shared_ptr<Generation> gen, const IcapRequest& request,
                 const IcapClient& client, const MessageLog& log, Timestamp now);
  // The encapsulated body, as it comes.
  void body(ByteSpan data);
  // The message is complete: its alerts (masked) to `out`.
  void finish(Reporter& reporter, std::vector<Alert>& out);
  std::uint64_t body_bytes() const { return body_bytes_; }

 private:
  void deliver(int dir, std::string_view bytes);
  FlowSummary summary() const;

  Flow flow_;
  TcpHandshake handshake_;
  TcpSession session_;
  const MessageLog& log_;
  int body_dir_;  // 0: a request's body (REQMOD), 1: a response's
  std::string user_;
  std::uint64_t body_bytes_ = 0;
  bool has_body_;
};

}  // namespace dlp
