#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "common/byte_span.hpp"

namespace dlp {

// GREASE values (RFC 8701): 0x?a?a with both bytes equal. Fingerprints skip them.
constexpr bool is_grease(std::uint16_t v) { return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff); }

// TLS extension types used here (IANA TLS ExtensionType Values).
namespace tls_extension {
constexpr std::uint16_t server_name = 0, supported_groups = 10, ec_point_formats = 11, signature_algorithms = 13,
                        alpn = 16, encrypt_then_mac = 22, supported_versions = 43;
}

// The fields of a ClientHello (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2) that
// fingerprints and alerts use, lists in the order sent, GREASE included.
struct ClientHello {
  std::uint16_t version = 0;  // legacy_version
  std::array<std::uint8_t, 32> random{};
  std::vector<std::uint16_t> ciphers;
  std::vector<std::uint16_t> extensions;  // types
  std::vector<std::uint16_t> groups;      // supported_groups
  std::vector<std::uint8_t> point_formats;
  std::vector<std::uint16_t> signature_algorithms;
  std::vector<std::uint16_t> versions;  // supported_versions
  std::vector<std::string> alpn;        // protocols offered (RFC 7301)
  std::string sni;                      // the first host_name of server_name (RFC 6066 §3)
};

// The fields of a ServerHello the alerts use.
struct ServerHello {
  std::uint16_t version = 0;  // negotiated: supported_versions' when present (TLS 1.3)
  std::uint16_t cipher = 0;
  std::array<std::uint8_t, 32> random{};
  bool encrypt_then_mac = false;  // RFC 7366, for a CBC suite
};

// A handshake message's body (after its 4-byte header). False when it is
// malformed: a length runs past its container.
bool parse_client_hello(ByteSpan body, ClientHello& out);
bool parse_server_hello(ByteSpan body, ServerHello& out);

// "TLS 1.2" for 0x0303; "0x7f17" for what has no name.
std::string tls_version_name(std::uint16_t version);

}  // namespace dlp
