#pragma once
#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "app/analyzer.hpp"
#include "app/tls/tls_record_reader.hpp"
#include "common/counters.hpp"
#include "common/tls_summary.hpp"

namespace dlp {

struct TlsLimits {
  std::size_t max_handshake_bytes = 64 << 10;  // of one handshake message (a certificate chain)
};

struct TlsStats {
  std::uint64_t connections = 0;
  std::uint64_t client_hellos = 0;
  std::uint64_t server_hellos = 0;
  std::uint64_t certificates = 0;
  std::uint64_t ssl3 = 0, tls10 = 0, tls11 = 0, tls12 = 0, tls13 = 0;
  std::uint64_t malformed = 0;
  std::uint64_t limits = 0;
  std::uint64_t lost = 0;
  std::uint64_t encrypted_bytes = 0;
  static constexpr Counter<TlsStats> counters[] = {
      {"connections", &TlsStats::connections, "connections that began with a TLS ClientHello"},
      {"client_hellos", &TlsStats::client_hellos, "ClientHellos read (fingerprinted)"},
      {"server_hellos", &TlsStats::server_hellos, "ServerHellos read"},
      {"certificates", &TlsStats::certificates, "server certificates read (TLS 1.2 and older)"},
      {"ssl3", &TlsStats::ssl3, "connections that agreed on SSL 3.0"},
      {"tls10", &TlsStats::tls10, "connections that agreed on TLS 1.0"},
      {"tls11", &TlsStats::tls11, "connections that agreed on TLS 1.1"},
      {"tls12", &TlsStats::tls12, "connections that agreed on TLS 1.2"},
      {"tls13", &TlsStats::tls13, "connections that agreed on TLS 1.3"},
      {"malformed", &TlsStats::malformed,
       "hellos or certificates that could not be read, and directions whose records stopped making sense (the "
       "raw scan takes those over)"},
      {"limits", &TlsStats::limits, "handshake messages longer than max_handshake_bytes, not read"},
      {"lost", &TlsStats::lost, "directions with a hole in their records: not read further"},
      {"encrypted_bytes", &TlsStats::encrypted_bytes, "bytes of records that could not be read (no key)"},
  };
};

// TLS on any port, recognised by the client's first record (a ClientHello):
// the hellos (versions, suites, SNI, ALPN, JA3 and JA4 of the client), the
// server certificate when sent in the clear, and the record layer of both
// directions. Once the server has answered with its hello, the records are
// taken as ciphertext and the raw scan leaves them (opaque); a record stream
// that stops making sense gives them back to it.
class TlsAnalyzer final : public Analyzer, private TlsRecordHandler {
 public:
  TlsAnalyzer(const TlsLimits& limits, TlsStats& stats);
  static std::unique_ptr<Analyzer> create(const AnalyzerEnv& env);
  // Whether the client's first bytes may start a ClientHello record.
  static bool client_hello(std::string_view head);

  void deliver(int dir, ByteSpan data, ContentSink& sink) override;
  void undelivered(int dir, ContentSink& sink) override;
  void end_of_stream(int, ContentSink&) override {}
  bool claimed() const override { return claimed_; }
  bool opaque(int dir) const override;
  void describe(int dir, ConnectionFacts& facts) const override;
  std::size_t memory_bytes() const override;

 private:
  void handshake(int dir, std::uint8_t type, ByteSpan body) override;
  void change_cipher_spec(int dir) override { readers_[dir].encrypted_from_now(); }
  void encrypted(int, std::size_t bytes) override { stats_.encrypted_bytes += bytes; }
  void handshake_too_long(int) override { ++stats_.limits; }
  // Looks at the client's first 6 bytes: a handshake record holding a ClientHello.
  void recognise(ByteSpan& data);
  void on_client_hello(ByteSpan body);
  void on_server_hello(ByteSpan body);
  void count_version(std::uint16_t version);
  void check_state(int dir);

  TlsStats& stats_;
  std::array<TlsRecordReader, 2> readers_;
  std::string head_;  // the client's first bytes, until there are enough to recognise
  bool decided_ = false;
  bool claimed_ = false;
  bool answered_ = false;                      // the server sent its hello
  std::array<bool, 2> counted_{false, false};  // a stopped direction was counted
  TlsSummary summary_;
};

}  // namespace dlp
