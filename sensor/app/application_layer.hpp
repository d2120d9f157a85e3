#pragma once
#include <memory>
#include <vector>

#include "app/analyzer.hpp"
#include "app/app_config.hpp"

namespace dlp {

// The application protocol of one TCP connection, direction 0 being the
// client's. It finds the connection's analyzers through the analyzer table
// (from the start, or from the client's first bytes) and feeds them each
// direction's in-order bytes, in table order, until one has claimed the
// connection. Each analyzer passes what it decodes to a ContentSink.
class ApplicationLayer {
 public:
  // `transfer`: what another connection announced this one carries.
  ApplicationLayer(const AppConfig& config, AppStats& stats, FtpExpectations& ftp, const Endpoint& client,
                   const Endpoint& server, std::shared_ptr<FtpTransfer> transfer = nullptr);
  ~ApplicationLayer();

  void deliver(int dir, ByteSpan data, ContentSink& sink);
  void undelivered(int dir, ContentSink& sink);
  void end_of_stream(int dir, ContentSink& sink);

  // The protocol that claimed the connection, or "raw".
  const char* name() const;
  // Direction `dir`'s raw bytes are not scanned (see Analyzer::opaque).
  bool opaque(int dir) const;
  // An analyzer reads direction `dir`: it is neither of no known protocol nor ciphertext without its key.
  bool readable(int dir) const;
  // The message a direction's bytes belong to now (an HTTP request), or an empty one.
  const ContentContext& context(int dir) const;
  // What the analyzers tell the alerts of direction `dir`.
  ConnectionFacts facts(int dir) const;
  // Values that route the data rather than leak it; they only grow.
  const std::vector<std::string>* routing_values() const;
  // Direction `dir`'s sender: 0 the client, 1 the server.
  const Endpoint& endpoint(int dir) const { return dir == 0 ? env_.client : env_.server; }
  std::size_t memory_bytes() const;

 private:
  struct Active {
    std::size_t entry;  // its index in the analyzer table
    std::unique_ptr<Analyzer> analyzer;
  };
  void start(std::size_t entry);
  void recognise_client(ByteSpan head);
  bool claimed() const;

  AnalyzerEnv env_;
  std::vector<Active> active_;  // in table order
  bool client_seen_ = false;
  ContentContext no_context_;  // of bytes no analyzer reads
};

}  // namespace dlp
