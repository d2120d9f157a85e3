#include "app/tls/tls_suites.hpp"

#include <algorithm>
#include <iterator>

namespace dlp {

namespace {

using C = TlsSuite::Cipher;

// IANA TLS Cipher Suites registry.
constexpr TlsSuite kSuites[] = {
    {0x1301, C::aes_gcm, 16, "SHA256", nullptr, true},             // TLS_AES_128_GCM_SHA256
    {0x1302, C::aes_gcm, 32, "SHA384", nullptr, true},             // TLS_AES_256_GCM_SHA384
    {0x1303, C::chacha20_poly1305, 32, "SHA256", nullptr, true},   // TLS_CHACHA20_POLY1305_SHA256
    {0x009c, C::aes_gcm, 16, "SHA256", nullptr, false},            // TLS_RSA_WITH_AES_128_GCM_SHA256
    {0x009d, C::aes_gcm, 32, "SHA384", nullptr, false},            // TLS_RSA_WITH_AES_256_GCM_SHA384
    {0x009e, C::aes_gcm, 16, "SHA256", nullptr, false},            // TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
    {0x009f, C::aes_gcm, 32, "SHA384", nullptr, false},            // TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
    {0xc02b, C::aes_gcm, 16, "SHA256", nullptr, false},            // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
    {0xc02c, C::aes_gcm, 32, "SHA384", nullptr, false},            // TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
    {0xc02f, C::aes_gcm, 16, "SHA256", nullptr, false},            // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    {0xc030, C::aes_gcm, 32, "SHA384", nullptr, false},            // TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
    {0xcca8, C::chacha20_poly1305, 32, "SHA256", nullptr, false},  // TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
    {0xcca9, C::chacha20_poly1305, 32, "SHA256", nullptr, false},  // TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
    {0xccaa, C::chacha20_poly1305, 32, "SHA256", nullptr, false},  // TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256
    {0x002f, C::aes_cbc, 16, "SHA256", "SHA1", false},             // TLS_RSA_WITH_AES_128_CBC_SHA
    {0x0035, C::aes_cbc, 32, "SHA256", "SHA1", false},             // TLS_RSA_WITH_AES_256_CBC_SHA
    {0x003c, C::aes_cbc, 16, "SHA256", "SHA256", false},           // TLS_RSA_WITH_AES_128_CBC_SHA256
    {0x003d, C::aes_cbc, 32, "SHA256", "SHA256", false},           // TLS_RSA_WITH_AES_256_CBC_SHA256
    {0xc009, C::aes_cbc, 16, "SHA256", "SHA1", false},             // TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
    {0xc00a, C::aes_cbc, 32, "SHA256", "SHA1", false},             // TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA
    {0xc013, C::aes_cbc, 16, "SHA256", "SHA1", false},             // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
    {0xc014, C::aes_cbc, 32, "SHA256", "SHA1", false},             // TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
    {0xc023, C::aes_cbc, 16, "SHA256", "SHA256", false},           // TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
    {0xc024, C::aes_cbc, 32, "SHA384", "SHA384", false},           // TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384
    {0xc027, C::aes_cbc, 16, "SHA256", "SHA256", false},           // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256
    {0xc028, C::aes_cbc, 32, "SHA384", "SHA384", false},           // TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384
};

}  // namespace

const TlsSuite* find_tls_suite(std::uint16_t id) {
  const auto* s = std::find_if(std::begin(kSuites), std::end(kSuites), [&](const TlsSuite& t) { return t.id == id; });
  return s == std::end(kSuites) ? nullptr : s;
}

}  // namespace dlp
