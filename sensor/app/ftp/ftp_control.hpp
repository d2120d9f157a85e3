#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>

#include "app/analyzer.hpp"
#include "common/counters.hpp"
#include "common/flow_key.hpp"

namespace dlp {

// A file transfer an FTP control connection announced; the data
// connection that carries it shares this with the control connection,
// which fills in the command and the file name as they come.
struct FtpTransfer {
  std::string command;  // STOR, APPE, STOU or RETR
  std::string filename;
  bool client_listens = false;  // PORT, EPRT: the data connection is opened by the server
};

struct FtpStats {
  std::uint64_t sessions = 0;
  std::uint64_t announced = 0;
  std::uint64_t linked = 0;
  std::uint64_t forgotten = 0;
  std::uint64_t line_overflows = 0;
  static constexpr Counter<FtpStats> counters[] = {
      {"sessions", &FtpStats::sessions, "FTP control connections"},
      {"announced", &FtpStats::announced, "data connections announced (PORT, EPRT, 227, 229)"},
      {"linked", &FtpStats::linked, "data connections matched to their announcement"},
      {"forgotten", &FtpStats::forgotten, "announcements dropped unused: the table was full"},
      {"line_overflows", &FtpStats::line_overflows, "command or reply lines past 4 KiB: parsing stopped"},
  };
};

// The data connections announced and not yet opened, by the endpoint that
// will accept them. Bounded: the oldest announcement goes first.
class FtpExpectations {
 public:
  explicit FtpExpectations(FtpStats& stats, std::size_t max_entries = 10'000) : stats_(&stats), max_(max_entries) {}
  void expect(const Endpoint& acceptor, std::shared_ptr<FtpTransfer> transfer);
  // The transfer a new connection to `acceptor` carries, if one was announced.
  std::shared_ptr<FtpTransfer> claim(const Endpoint& acceptor);

 private:
  FtpStats* stats_;
  std::size_t max_;
  std::map<Endpoint, std::shared_ptr<FtpTransfer>> expected_;
  std::deque<Endpoint> order_;
};

// An FTP control connection (RFC 959, 2428), both directions: the client's
// PORT/EPRT and the server's 227/229 replies announce a data connection;
// the STOR, APPE, STOU or RETR that follows names what it carries. Data
// connections are expected at the control connection's own addresses (the
// announced ones may be NAT'd); only the port is taken from the text.
class FtpControl final : public Analyzer {
 public:
  FtpControl(FtpExpectations& expectations, FtpStats& stats, const Endpoint& client, const Endpoint& server);
  static std::unique_ptr<Analyzer> create(const AnalyzerEnv& env);
  // Whether the connection is to the FTP port.
  static bool on_port(const AnalyzerEnv& env);
  // Whether a client's first bytes log in to an FTP server.
  static bool logs_in(std::string_view client_head);

  // dir 0: the client's commands; 1: the server's replies.
  void deliver(int dir, ByteSpan data, ContentSink& sink) override;
  void undelivered(int, ContentSink&) override {}
  void end_of_stream(int, ContentSink&) override {}
  bool claimed() const override { return true; }
  std::size_t memory_bytes() const override { return sizeof(*this) + line_[0].capacity() + line_[1].capacity(); }

 private:
  static constexpr std::size_t kMaxLine = 4096;
  void on_command(std::string_view line);
  void on_reply(std::string_view line);
  void announce(const IpAddress& ip, std::uint16_t port, bool client_listens);

  FtpExpectations* expectations_;
  FtpStats* stats_;
  Endpoint client_, server_;
  std::string line_[2];
  bool stopped_[2] = {false, false};
  std::shared_ptr<FtpTransfer> announced_;  // the last data connection announced, not yet named
};

}  // namespace dlp
