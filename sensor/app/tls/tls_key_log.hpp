#pragma once
#include <cstdint>
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
class TlsKeyLog {
 public:
  void read(std::string_view text, TlsKeyLogStats& stats);
  // False when the file cannot be read.
  bool load(const std::string& path, TlsKeyLogStats& stats);
  // The secrets of the connection whose ClientHello had `client_random`.
  const TlsSecrets* find(std::string_view client_random) const;
  std::size_t size() const { return secrets_.size(); }

 private:
  std::unordered_map<std::string, TlsSecrets> secrets_;  // by client random (32 bytes)
};

}  // namespace dlp
