#pragma once
#include <cstddef>
#include <cstdint>

namespace dlp {

// How a cipher suite protects records, for those the sensor decrypts:
// AEADs (AES-GCM, RFC 5288 and 8446; ChaCha20-Poly1305, RFC 7905) and
// AES-CBC with HMAC (RFC 5246 §6.2.3.2).
struct TlsSuite {
  enum class Cipher { aes_gcm, chacha20_poly1305, aes_cbc };
  std::uint16_t id;
  Cipher cipher;
  std::size_t key_bytes;
  const char* digest;  // the PRF's or HKDF's hash, and the HMAC's of a CBC suite
  const char* mac;     // the CBC suite's HMAC hash, nullptr for an AEAD
  bool tls13;
};

// The suite of a code point, or nullptr when it is not one decrypted here.
const TlsSuite* find_tls_suite(std::uint16_t id);

}  // namespace dlp
