#include "app/tls/tls_analyzer.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/app_config.hpp"
#include "app/tls/tls_certificate.hpp"
#include "app/tls/tls_fingerprint.hpp"
#include "app/tls/tls_hello.hpp"

namespace dlp {

namespace {
// Handshake message types (RFC 8446 §4).
constexpr std::uint8_t kClientHello = 1, kServerHello = 2, kCertificate = 11;
constexpr std::size_t kHeadBytes = 6;  // a record header and the handshake type
}  // namespace

TlsAnalyzer::TlsAnalyzer(const TlsLimits& limits, TlsStats& stats)
    : stats_(stats), readers_{TlsRecordReader(0, limits.max_handshake_bytes),
                              TlsRecordReader(1, limits.max_handshake_bytes)} {}

std::unique_ptr<Analyzer> TlsAnalyzer::create(const AnalyzerEnv& env) {
  return std::make_unique<TlsAnalyzer>(env.config.tls, env.stats.tls);
}

// 0x16 (handshake), version 3.x, a length a record may have, then 0x01:
// as much of it as the first bytes hold.
bool TlsAnalyzer::client_hello(std::string_view head) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(head[i]); };
  if (head.empty() || byte(0) != tls_content::handshake) return false;
  if (head.size() > 1 && byte(1) != 3) return false;
  if (head.size() > 4 && (std::size_t{byte(3)} << 8 | byte(4)) > TlsRecordReader::kMaxRecordBytes) return false;
  return head.size() < kHeadBytes || byte(5) == kClientHello;
}

void TlsAnalyzer::recognise(ByteSpan& data) {
  const std::size_t n = std::min(kHeadBytes - head_.size(), data.size());
  head_.append(as_chars(data.first(n)));
  data = data.subspan(n);
  if (head_.size() < kHeadBytes) return;
  decided_ = true;
  claimed_ = client_hello(head_);
  if (!claimed_) return;
  ++stats_.connections;
  summary_.state = "encrypted";
  readers_[0].feed(as_bytes(head_), *this);
  std::string().swap(head_);
}

void TlsAnalyzer::deliver(int dir, ByteSpan data, ContentSink&) {
  if (!decided_ && dir == 0) recognise(data);
  if (!claimed_ || data.empty()) return;
  readers_[dir].feed(data, *this);
  check_state(dir);
}

void TlsAnalyzer::undelivered(int dir, ContentSink&) {
  if (!claimed_) return;
  readers_[dir].lost();
  check_state(dir);
}

void TlsAnalyzer::check_state(int dir) {
  const auto state = readers_[dir].state();
  if (state == TlsRecordReader::State::reading || counted_[dir]) return;
  counted_[dir] = true;
  ++(state == TlsRecordReader::State::broken ? stats_.malformed : stats_.lost);
}

bool TlsAnalyzer::opaque(int dir) const { return answered_ && readers_[dir].state() != TlsRecordReader::State::broken; }

void TlsAnalyzer::handshake(int dir, std::uint8_t type, ByteSpan body) {
  if (dir == 0 && type == kClientHello && summary_.ja3.empty()) return on_client_hello(body);
  if (dir == 1 && type == kServerHello && !answered_) return on_server_hello(body);
  if (dir == 1 && type == kCertificate && summary_.subject.empty()) {
    CertificateNames names;
    if (!parse_server_certificate(body, names)) {
      ++stats_.malformed;
      return;
    }
    ++stats_.certificates;
    summary_.subject = std::move(names.subject);
    summary_.issuer = std::move(names.issuer);
    summary_.san = std::move(names.san);
  }
}

void TlsAnalyzer::on_client_hello(ByteSpan body) {
  ClientHello hello;
  if (!parse_client_hello(body, hello)) {
    ++stats_.malformed;
    return;
  }
  ++stats_.client_hellos;
  summary_.sni = hello.sni;
  summary_.alpn = fmt::format("{}", fmt::join(hello.alpn, ","));
  summary_.ja3_string = ja3_string(hello);
  summary_.ja3 = ja3(hello);
  summary_.ja4 = ja4(hello);
}

void TlsAnalyzer::on_server_hello(ByteSpan body) {
  ServerHello hello;
  if (!parse_server_hello(body, hello)) {
    ++stats_.malformed;
    return;
  }
  ++stats_.server_hellos;
  answered_ = true;
  summary_.version = tls_version_name(hello.version);
  summary_.cipher = fmt::format("0x{:04x}", hello.cipher);
  count_version(hello.version);
  // TLS 1.3 encrypts the rest of the handshake (RFC 8446 §2).
  if (hello.version == 0x0304)
    for (auto& r : readers_) r.encrypted_from_now();
}

void TlsAnalyzer::count_version(std::uint16_t version) {
  switch (version) {
    case 0x0300: ++stats_.ssl3; break;
    case 0x0301: ++stats_.tls10; break;
    case 0x0302: ++stats_.tls11; break;
    case 0x0303: ++stats_.tls12; break;
    case 0x0304: ++stats_.tls13; break;
    default: break;
  }
}

void TlsAnalyzer::describe(int, ConnectionFacts& facts) const {
  if (claimed_) facts.tls = summary_;
}

std::size_t TlsAnalyzer::memory_bytes() const {
  return sizeof(*this) + head_.capacity() + readers_[0].memory_bytes() + readers_[1].memory_bytes();
}

}  // namespace dlp
