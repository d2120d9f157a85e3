#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/content_sink.hpp"
#include "common/flow_key.hpp"
#include "common/request_trail.hpp"
#include "common/tls_summary.hpp"

namespace dlp {

struct AppConfig;
struct AppStats;
class FtpExpectations;
struct FtpTransfer;

// What an analyzer is made with: the connection's endpoints, the sensor's
// limits, the worker's counters, and what earlier connections announced
// for this one (an FTP data connection's transfer).
struct AnalyzerEnv {
  const AppConfig& config;
  AppStats& stats;
  FtpExpectations& ftp;
  Endpoint client, server;
  std::shared_ptr<FtpTransfer> transfer;
};

// What a connection's analyzer tells the alerts of one direction.
struct ConnectionFacts {
  ContentContext context;  // of the whole connection (an FTP transfer's file name)
  std::string mail_from;
  std::uint64_t rcpt_to = 0;
  std::string db_user, db_name;        // a database login's
  std::uint64_t rows = 0;              // result rows the direction carried
  TlsSummary tls;                      // a TLS connection's handshake
  const RequestTrail* http = nullptr;  // an HTTP connection's requests, while the analyzer lives
  // The side that asked for what the connection carries: its client, but
  // the FTP client's side of an FTP data connection (the server's, in active mode).
  int initiator = 0;
};

// One application protocol of one TCP connection: a small state machine
// fed each direction's bytes in order, once each (direction 0 is the
// client's). What it decodes goes to a ContentSink, one piece at a time;
// the raw bytes are scanned besides, whatever it does with them, unless
// they are not worth it (opaque: ciphertext, or HTTP/2 frames whose content
// it passes on decoded). It never fails: what it cannot read ends its
// parsing, with a counter.
class Analyzer {
 public:
  virtual ~Analyzer() = default;
  virtual void deliver(int dir, ByteSpan data, ContentSink& sink) = 0;
  // Bytes of `dir` were lost: what was being read ends at the hole.
  virtual void undelivered(int dir, ContentSink& sink) = 0;
  // `dir` ended (its FIN, or the flow's end): what is held is decoded.
  virtual void end_of_stream(int dir, ContentSink& sink) = 0;
  // The bytes are this protocol's: analyzers after it in the table are not fed.
  virtual bool claimed() const = 0;
  // `dir`'s raw bytes are ciphertext, or framing around what it decodes: the raw scan leaves them.
  virtual bool opaque(int /*dir*/) const { return false; }
  // Nothing of what `dir` carries can be read (ciphertext without its key).
  virtual bool unread(int /*dir*/) const { return false; }
  // The message `dir`'s bytes belong to now (an HTTP request), if any.
  virtual const ContentContext* context(int /*dir*/) const { return nullptr; }
  virtual void describe(int /*dir*/, ConnectionFacts& /*facts*/) const {}
  // Values that route the connection's data rather than leak it (a mail's
  // envelope addresses); the list only grows.
  virtual const std::vector<std::string>* routing_values() const { return nullptr; }
  // Its own size, held bytes and decoder state, counted against the flow memcap.
  virtual std::size_t memory_bytes() const = 0;
};

}  // namespace dlp
