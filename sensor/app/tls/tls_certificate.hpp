#pragma once
#include <string>
#include <vector>

#include "common/byte_span.hpp"

namespace dlp {

// What the alerts name of a server certificate (RFC 5280).
struct CertificateNames {
  std::string subject, issuer;   // RFC 2253 strings
  std::vector<std::string> san;  // subjectAltName dNSNames
};

// The first certificate (the server's) of a Certificate message's body
// (RFC 5246 §7.4.2; TLS 1.3's, RFC 8446 §4.4.2, has a request context
// first), decoded by OpenSSL. False when the message or the certificate
// is malformed.
bool parse_server_certificate(ByteSpan body, bool tls13, CertificateNames& out);

}  // namespace dlp
