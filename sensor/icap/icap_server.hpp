#pragma once
#include <memory>
#include <string>

#include "icap/icap_service.hpp"

namespace dlp {

// The ICAP server (RFC 3507): the listeners --icap-listen names, plain or
// TLS (icaps://), and their connections, all on one thread of its own
// (Boost.Asio), each connection read as it comes so that a slow client
// holds nothing but its own socket. Connections beyond max_connections are
// closed at once; a request that outlasts its time, or a connection idle
// too long, is closed.
struct IcapServerStats {
  IcapStats icap;
  HostSummaryStats users;
};

class IcapServer {
 public:
  IcapServer(const IcapConfig& config, const InspectionConfig& stages, Engine engine,
             IcapService::AlertHandler on_alert, MessageLog http_log = {});
  ~IcapServer();  // stops, if it runs
  IcapServer(const IcapServer&) = delete;
  IcapServer& operator=(const IcapServer&) = delete;

  // Binds every listener; false with the reason (the first that failed).
  bool listen(std::string& why);
  // Serves on the server's thread from now on.
  void start();
  // The messages that start from now on are inspected with `engine`.
  void reload(Engine engine);
  // The counters, read on the server's thread (as they were at the stop, once stopped).
  IcapServerStats stats();
  // Closes every connection (a message under way reports what it saw) and joins the thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  IcapServerStats final_stats_;  // once stopped
};

}  // namespace dlp
