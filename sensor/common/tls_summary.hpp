#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace dlp {

// What a TLS connection's handshake showed in the clear, as alerts and the
// TLS log name it. Empty `state`: the connection is not TLS.
struct TlsSummary {
  std::string state;    // "encrypted": its content was not read
  std::string version;  // negotiated: "TLS 1.3"
  std::string cipher;   // negotiated suite, IANA code point: "0x1301"
  std::string sni;
  std::string alpn;      // the protocols the client offered, comma-separated (TLS 1.3 hides the server's choice)
  std::string ja3, ja4;  // the client's fingerprints
  std::string ja3_string;
  // The server certificate's (TLS 1.2 and older send it in the clear).
  std::string subject, issuer;
  std::vector<std::string> san;                        // its DNS names
  std::array<std::uint64_t, 2> decrypted_bytes{0, 0};  // application data deciphered, client's and server's
};

}  // namespace dlp
