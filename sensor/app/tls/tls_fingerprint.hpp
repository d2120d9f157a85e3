#pragma once
#include <string>

#include "app/tls/tls_hello.hpp"

namespace dlp {

// JA3 (Salesforce): "version,ciphers,extensions,groups,point formats" in
// decimal, each list '-'-joined in the order sent, GREASE left out.
std::string ja3_string(const ClientHello& hello);
// Its MD5, in lower-case hex.
std::string ja3(const ClientHello& hello);
// JA4 (FoxIO, JA4 TLS client fingerprint) of a hello sent over TCP:
// "t13d1516h2_8daaf6152771_e5627efa2ab1".
std::string ja4(const ClientHello& hello);

}  // namespace dlp
