#include "app/tls/tls_hello.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/wire_reader.hpp"

namespace dlp {

namespace {

constexpr std::size_t kMaxNameBytes = 255;  // a DNS name's limit; longer ones are cut

// A vector of `width`-byte integers behind a `length_bytes` length.
template <class T>
bool read_list(WireReader& r, std::size_t length_bytes, std::size_t width, std::vector<T>& out) {
  WireReader list(r.bytes(r.be(length_bytes)));
  while (list.left() >= width) out.push_back(static_cast<T>(list.be(width)));
  return r.ok();
}

std::string name_of(ByteSpan b) { return std::string(as_chars(b.subspan(0, std::min(b.size(), kMaxNameBytes)))); }

void read_server_name(WireReader& r, std::string& sni) {
  WireReader names(r.bytes(r.be(2)));
  while (names.ok() && !names.at_end()) {
    const auto type = names.be(1);
    const ByteSpan name = names.bytes(names.be(2));
    if (type == 0 && names.ok() && sni.empty()) sni = name_of(name);
  }
}

void read_alpn(WireReader& r, std::vector<std::string>& protocols) {
  WireReader list(r.bytes(r.be(2)));
  while (list.ok() && !list.at_end()) {
    const ByteSpan protocol = list.bytes(list.be(1));
    if (list.ok()) protocols.push_back(name_of(protocol));
  }
}

void read_client_extension(std::uint16_t type, WireReader& r, ClientHello& out) {
  switch (type) {
    case tls_extension::server_name: read_server_name(r, out.sni); break;
    case tls_extension::supported_groups: read_list(r, 2, 2, out.groups); break;
    case tls_extension::ec_point_formats: read_list(r, 1, 1, out.point_formats); break;
    case tls_extension::signature_algorithms: read_list(r, 2, 2, out.signature_algorithms); break;
    case tls_extension::alpn: read_alpn(r, out.alpn); break;
    case tls_extension::supported_versions: read_list(r, 1, 2, out.versions); break;
    default: break;
  }
}

void read_server_extension(std::uint16_t type, WireReader& r, ServerHello& out) {
  if (type == tls_extension::encrypt_then_mac) out.encrypt_then_mac = true;
  if (type == tls_extension::supported_versions) {
    const auto version = static_cast<std::uint16_t>(r.be(2));
    if (r.ok()) out.version = version;
  }
}

// Each extension's body goes to `read` in a reader of its own. What one
// holds that cannot be read is left out (the fingerprints keep its type);
// a length that runs past the hello makes it malformed. A hello may end
// before its extensions (RFC 5246 §7.4.1.2).
template <class Read>
bool read_extensions(WireReader& r, Read read) {
  if (r.at_end()) return true;
  WireReader all(r.bytes(r.be(2)));
  while (all.ok() && !all.at_end()) {
    const auto type = static_cast<std::uint16_t>(all.be(2));
    WireReader body(all.bytes(all.be(2)));
    if (!all.ok()) return false;
    read(type, body);
  }
  return r.ok();
}

void read_random(WireReader& r, std::array<std::uint8_t, 32>& random) {
  const ByteSpan b = r.bytes(random.size());
  std::copy(b.begin(), b.end(), random.begin());
}

}  // namespace

bool parse_client_hello(ByteSpan body, ClientHello& out) {
  WireReader r(body);
  out.version = static_cast<std::uint16_t>(r.be(2));
  read_random(r, out.random);
  r.skip(r.be(1));  // legacy_session_id
  if (!read_list(r, 2, 2, out.ciphers)) return false;
  r.skip(r.be(1));  // legacy_compression_methods
  if (!r.ok()) return false;
  return read_extensions(r, [&](std::uint16_t type, WireReader& e) {
    out.extensions.push_back(type);
    read_client_extension(type, e, out);
  });
}

bool parse_server_hello(ByteSpan body, ServerHello& out) {
  WireReader r(body);
  out.version = static_cast<std::uint16_t>(r.be(2));
  read_random(r, out.random);
  r.skip(r.be(1));  // legacy_session_id_echo
  out.cipher = static_cast<std::uint16_t>(r.be(2));
  r.skip(1);  // legacy_compression_method
  if (!r.ok()) return false;
  return read_extensions(r, [&](std::uint16_t type, WireReader& e) { read_server_extension(type, e, out); });
}

std::string tls_version_name(std::uint16_t version) {
  switch (version) {
    case 0x0300: return "SSL 3.0";
    case 0x0301: return "TLS 1.0";
    case 0x0302: return "TLS 1.1";
    case 0x0303: return "TLS 1.2";
    case 0x0304: return "TLS 1.3";
    default: return fmt::format("0x{:04x}", version);
  }
}

}  // namespace dlp
