#pragma once
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/analyzer.hpp"
#include "app/tls/tls_handshake_buffer.hpp"
#include "app/tls/tls_key_log.hpp"
#include "app/tls/tls_record_reader.hpp"
#include "common/counters.hpp"
#include "common/tls_summary.hpp"

namespace dlp {

class ApplicationLayer;
class TlsRecordCipher;
struct TlsSuite;

struct TlsConfig {
  std::size_t max_handshake_bytes = 64 << 10;  // of one handshake message (a certificate chain)
  std::vector<std::string> keylog_files;       // --tls-keylog
  std::shared_ptr<TlsKeyLog> keys;             // what they hold (live: and what they gain)
  std::size_t max_key_wait_bytes = 1 << 20;    // of records held for a key yet to come (live)
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
  std::uint64_t decrypted = 0;
  std::uint64_t decrypted_bytes = 0;
  std::uint64_t no_key = 0;
  std::uint64_t undecryptable = 0;
  std::uint64_t failed_records = 0;
  std::uint64_t key_waits = 0;
  std::uint64_t key_wait_overflows = 0;
  static constexpr Counter<TlsStats> counters[] = {
      {"connections", &TlsStats::connections, "connections that began with a TLS ClientHello"},
      {"client_hellos", &TlsStats::client_hellos, "ClientHellos read (fingerprinted)"},
      {"server_hellos", &TlsStats::server_hellos, "ServerHellos read"},
      {"certificates", &TlsStats::certificates, "server certificates read (in the clear, or deciphered)"},
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
      {"decrypted", &TlsStats::decrypted, "connections deciphered with a key log's secrets"},
      {"decrypted_bytes", &TlsStats::decrypted_bytes, "application data bytes deciphered"},
      {"no_key", &TlsStats::no_key, "connections the key log has no secrets for"},
      {"undecryptable", &TlsStats::undecryptable,
       "connections with secrets whose version or suite is not deciphered here (TLS 1.0/1.1, CBC without an "
       "explicit IV, other ciphers)"},
      {"failed_records", &TlsStats::failed_records, "records that failed authentication: not scanned"},
      {"key_waits", &TlsStats::key_waits, "connections whose records were held for secrets the live key log lacked"},
      {"key_wait_overflows", &TlsStats::key_wait_overflows,
       "of those, connections that held max_key_wait_bytes before their secrets came: left encrypted"},
  };
};

// TLS on any port, recognised by the client's first record (a ClientHello):
// the hellos (versions, suites, SNI, ALPN, JA3 and JA4 of the client), the
// server certificate, and the record layer of both directions. Once the
// server has answered, the records are ciphertext and the raw scan leaves
// them (opaque); a record stream that stops making sense gives them back to
// it. With the connection's secrets in the key log, records are opened
// (TLS 1.2 and 1.3, AES-GCM, ChaCha20-Poly1305, AES-CBC) and what they
// carry is scanned as the raw bytes would be and fed to an application
// layer of its own, as cleartext is.
class TlsAnalyzer final : public Analyzer, private TlsRecordHandler {
 public:
  explicit TlsAnalyzer(const AnalyzerEnv& env);
  ~TlsAnalyzer() override;
  static std::unique_ptr<Analyzer> create(const AnalyzerEnv& env);
  // Whether the client's first bytes may start a ClientHello record.
  static bool client_hello(std::string_view head);

  void deliver(int dir, ByteSpan data, ContentSink& sink) override;
  void undelivered(int dir, ContentSink& sink) override;
  void end_of_stream(int dir, ContentSink& sink) override;
  bool claimed() const override { return claimed_; }
  bool opaque(int dir) const override;
  bool unread(int dir) const override { return opaque(dir) && !inner_; }
  const ContentContext* context(int dir) const override;
  void describe(int dir, ConnectionFacts& facts) const override;
  const std::vector<std::string>* routing_values() const override;
  std::size_t memory_bytes() const override;

 private:
  void handshake(int dir, std::uint8_t type, ByteSpan body) override;
  void change_cipher_spec(int dir) override;
  void encrypted(int, std::size_t bytes) override { stats_.encrypted_bytes += bytes; }
  void sealed(int dir, ByteSpan header, ByteSpan body) override;
  void handshake_too_long(int) override { ++stats_.limits; }
  // Looks at the client's first 6 bytes: a handshake record holding a ClientHello.
  void recognise(ByteSpan& data);
  void on_client_hello(ByteSpan body);
  void on_server_hello(ByteSpan body);
  void on_certificate(ByteSpan body, bool tls13);
  void count_version(std::uint16_t version);
  void check_state(int dir);
  // The ciphers of both directions, from the key log, when it has them.
  bool find_keys();
  void make_ciphers();
  // A live key log may bring the secrets later: the records wait, bounded.
  void hold(int dir, ByteSpan header, ByteSpan body);
  void open_held();
  void give_held_a_last_chance();
  void stop_waiting();
  void open(int dir, ByteSpan header, ByteSpan body);
  void deciphered_handshake(int dir, std::uint8_t type, ByteSpan body);
  void plaintext(int dir, ByteSpan data);

  AnalyzerEnv env_;
  TlsStats& stats_;
  std::array<TlsRecordReader, 2> readers_;
  std::string head_;  // the client's first bytes, until there are enough to recognise
  bool decided_ = false;
  bool claimed_ = false;
  bool answered_ = false;                      // the server sent its hello
  std::array<bool, 2> counted_{false, false};  // a stopped direction was counted
  TlsSummary summary_;
  std::string client_random_, server_random_;
  // Deciphering: each direction's cipher (TLS 1.3: the handshake's until its
  // Finished), its deciphered handshake messages, the connection's
  // application layer, and the sink of the bytes being read.
  std::uint16_t version_ = 0;
  bool encrypt_then_mac_ = false;
  const TlsSuite* suite_ = nullptr;
  std::optional<TlsSecrets> secrets_;
  bool waiting_ = false;
  struct Held {
    int dir;
    std::string record;  // header and body
  };
  std::vector<Held> held_;
  std::size_t held_bytes_ = 0;
  std::array<std::unique_ptr<TlsRecordCipher>, 2> ciphers_;
  std::array<bool, 2> traffic_keys_{false, false};
  std::array<TlsHandshakeBuffer, 2> deciphered_;
  std::unique_ptr<ApplicationLayer> inner_;
  ContentSink* sink_ = nullptr;
  std::string plain_;  // one record's plaintext
};

}  // namespace dlp
