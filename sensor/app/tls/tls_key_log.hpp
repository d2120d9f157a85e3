#pragma once
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/counters.hpp"

namespace dlp {

// The secrets one TLS connection's key log lines give, by its client random.
struct TlsSecrets {
  std::string master;                              // TLS 1.2: CLIENT_RANDOM
  std::string client_handshake, server_handshake;  // TLS 1.3: *_HANDSHAKE_TRAFFIC_SECRET
  std::string client_traffic, server_traffic;      // TLS 1.3: *_TRAFFIC_SECRET_0
  // A TLS 1.2 connection's, or all four of a TLS 1.3 one's.
  bool whole() const {
    return !master.empty() || (!client_handshake.empty() && !server_handshake.empty() && !client_traffic.empty() &&
                               !server_traffic.empty());
  }
};

struct TlsKeyLogStats {
  std::uint64_t lines = 0;
  std::uint64_t secrets = 0;
  std::uint64_t unreadable = 0;
  static constexpr Counter<TlsKeyLogStats> counters[] = {
      {"lines", &TlsKeyLogStats::lines, "key log lines read (comments and blank lines too)"},
      {"secrets", &TlsKeyLogStats::secrets, "secrets taken"},
      {"unreadable", &TlsKeyLogStats::unreadable, "lines that are not 'LABEL <client random> <secret>' in hex"},
  };
};

// Secrets in the NSS key log format (what SSLKEYLOGFILE makes browsers,
// curl and OpenSSL write, and Wireshark reads): "LABEL CLIENT_RANDOM SECRET"
// a line, both in hex. A line that cannot be read is counted and skipped;
// labels not needed here (RSA, EXPORTER_SECRET, early traffic) are skipped.
// Files are read when added and, live, again as they grow: a lookup that
// misses reads what they gained. Workers share it: every access takes the lock.
class TlsKeyLog {
 public:
  void read(std::string_view text);
  // False when the file cannot be read.
  bool add_file(const std::string& path);
  // Lines appended later may still bring a connection's secrets.
  bool live() const { return live_; }
  void set_live() { live_ = true; }
  // The secrets of the connection whose ClientHello had `client_random`.
  std::optional<TlsSecrets> find(std::string_view client_random);
  std::size_t size() const;
  TlsKeyLogStats stats() const;

 private:
  struct Source {
    std::string path;
    std::uint64_t offset = 0;  // read up to here
    std::string partial;       // a last line not ended yet
  };
  void read_lines(std::string_view text);  // the lock held
  void read_source(Source& s);             // the lock held
  std::optional<TlsSecrets> lookup(const std::string& client_random) const;

  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, TlsSecrets> secrets_;  // by client random (32 bytes)
  std::vector<Source> sources_;
  TlsKeyLogStats stats_;
  bool live_ = false;
};

}  // namespace dlp
