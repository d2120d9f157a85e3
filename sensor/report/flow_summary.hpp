#pragma once
#include <cstdint>
#include <string>

#include "common/content_context.hpp"
#include "common/direction.hpp"
#include "common/flow_key.hpp"
#include "common/request_trail.hpp"
#include "common/timestamp.hpp"
#include "common/tls_summary.hpp"

namespace dlp {

// What the sensor knows of a flow direction when it reports it.
struct FlowSummary {
  Timestamp now;
  Endpoint sender, receiver;
  Direction direction = Direction::outbound;
  std::string proto;
  std::uint8_t ip_proto = 0;  // its IP protocol number; 0: not one connection (an ICAP message)
  std::string app;
  Timestamp start, end;
  std::uint64_t bytes = 0;
  ContentContext context;  // what the whole connection carried (an FTP transfer's file)
  std::string mail_from;
  std::uint64_t rcpt_to = 0;
  std::string db_user, db_name;
  std::uint64_t rows = 0;
  bool truncated = false;  // a decoding limit cut some of the content
  TlsSummary tls;
  // The receiver's name (SNI, else HTTP host) and its kind in the destination list.
  std::string destination, destination_kind;
  std::string user;  // who sent it, as a proxy authenticated them (ICAP)
  // Whether the sender's side asked for the exchange (its upload, its
  // request), or the receiver did (a server's answer, an FTP download).
  bool sender_initiated = true;
  const RequestTrail* http = nullptr;  // the connection's HTTP requests, while it is reported
};

}  // namespace dlp
