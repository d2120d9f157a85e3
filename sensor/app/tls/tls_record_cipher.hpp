#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "app/tls/tls_suites.hpp"
#include "common/byte_span.hpp"

namespace dlp {

// One direction's record protection, from the secrets of a key log, with
// OpenSSL's EVP (HKDF and TLS1-PRF key derivation, the AEADs, AES-CBC and
// HMAC); no cryptography is written here. Records are opened in order: the
// sequence number counts them.
class TlsRecordCipher {
 public:
  ~TlsRecordCipher();
  TlsRecordCipher(const TlsRecordCipher&) = delete;
  TlsRecordCipher& operator=(const TlsRecordCipher&) = delete;

  // TLS 1.3 (RFC 8446 §7.3): keys from a traffic secret.
  static std::unique_ptr<TlsRecordCipher> tls13(const TlsSuite& suite, std::string_view secret);
  // TLS 1.2 (RFC 5246 §6.3): the client's or the server's keys from the
  // master secret; `encrypt_then_mac` when the hellos agreed on RFC 7366.
  static std::unique_ptr<TlsRecordCipher> tls12(const TlsSuite& suite, std::string_view master,
                                                std::string_view client_random, std::string_view server_random,
                                                bool client, bool encrypt_then_mac);

  // One record: its 5-byte header and body. False when it fails
  // authentication (or is too short to be a record of this suite); else the
  // plaintext and its content type (TLS 1.3's inner one).
  bool open(ByteSpan header, ByteSpan body, std::string& plaintext, std::uint8_t& type);
  // TLS 1.3 KeyUpdate: keys from the next traffic secret (RFC 8446 §7.2).
  void update();

 private:
  explicit TlsRecordCipher(const TlsSuite& suite);
  void set_tls13_keys();
  bool open_tls13(ByteSpan header, ByteSpan body, std::string& out, std::uint8_t& type);
  bool open_aead12(ByteSpan header, ByteSpan body, std::string& out);
  bool open_cbc(ByteSpan header, ByteSpan body, std::string& out);
  bool aead(const std::string& nonce, ByteSpan aad, ByteSpan sealed, std::string& out);
  bool mac_matches(ByteSpan header, std::size_t length, ByteSpan data, ByteSpan mac) const;
  std::string nonce_of_seq() const;  // the IV XOR the sequence number

  const TlsSuite& suite_;
  struct Context;
  std::unique_ptr<Context> ctx_;
  std::string secret_, key_, iv_, mac_key_;
  bool encrypt_then_mac_ = false;
  std::uint64_t seq_ = 0;
};

}  // namespace dlp
