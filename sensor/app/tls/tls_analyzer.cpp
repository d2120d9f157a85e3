#include "app/tls/tls_analyzer.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <utility>

#include "app/application_layer.hpp"
#include "app/tls/tls_certificate.hpp"
#include "app/tls/tls_fingerprint.hpp"
#include "app/tls/tls_hello.hpp"
#include "app/tls/tls_record_cipher.hpp"
#include "app/tls/tls_suites.hpp"

namespace dlp {

namespace {
// Handshake message types (RFC 8446 §4).
constexpr std::uint8_t kClientHello = 1, kServerHello = 2, kCertificate = 11, kFinished = 20, kKeyUpdate = 24;
constexpr std::size_t kHeadBytes = 6;  // a record header and the handshake type
constexpr std::uint16_t kTls12 = 0x0303, kTls13 = 0x0304;

std::string random_of(const std::array<std::uint8_t, 32>& r) { return {r.begin(), r.end()}; }
}  // namespace

TlsAnalyzer::TlsAnalyzer(const AnalyzerEnv& env)
    : env_(env), stats_(env.stats.tls), readers_{TlsRecordReader(0, env.config.tls.max_handshake_bytes),
                                                 TlsRecordReader(1, env.config.tls.max_handshake_bytes)},
      deciphered_{TlsHandshakeBuffer(env.config.tls.max_handshake_bytes),
                  TlsHandshakeBuffer(env.config.tls.max_handshake_bytes)} {}

TlsAnalyzer::~TlsAnalyzer() = default;

std::unique_ptr<Analyzer> TlsAnalyzer::create(const AnalyzerEnv& env) { return std::make_unique<TlsAnalyzer>(env); }

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

void TlsAnalyzer::deliver(int dir, ByteSpan data, ContentSink& sink) {
  if (!decided_ && dir == 0) recognise(data);
  if (!claimed_ || data.empty()) return;
  sink_ = &sink;
  readers_[dir].feed(data, *this);
  check_state(dir);
}

void TlsAnalyzer::undelivered(int dir, ContentSink& sink) {
  if (!claimed_) return;
  readers_[dir].lost();
  check_state(dir);
  if (inner_) inner_->undelivered(dir, sink);
}

void TlsAnalyzer::end_of_stream(int dir, ContentSink& sink) {
  sink_ = &sink;
  if (waiting_) give_held_a_last_chance();
  if (inner_) inner_->end_of_stream(dir, sink);
}

void TlsAnalyzer::check_state(int dir) {
  const auto state = readers_[dir].state();
  if (state == TlsRecordReader::State::reading || counted_[dir]) return;
  counted_[dir] = true;
  ++(state == TlsRecordReader::State::broken ? stats_.malformed : stats_.lost);
}

bool TlsAnalyzer::opaque(int dir) const { return answered_ && readers_[dir].state() != TlsRecordReader::State::broken; }

const ContentContext* TlsAnalyzer::context(int dir) const { return inner_ ? &inner_->context(dir) : nullptr; }

const std::vector<std::string>* TlsAnalyzer::routing_values() const {
  return inner_ ? inner_->routing_values() : nullptr;
}

void TlsAnalyzer::handshake(int dir, std::uint8_t type, ByteSpan body) {
  if (dir == 0 && type == kClientHello && summary_.ja3.empty()) return on_client_hello(body);
  if (dir == 1 && type == kServerHello && !answered_) return on_server_hello(body);
  if (dir == 1 && type == kCertificate && summary_.subject.empty()) on_certificate(body, false);
}

void TlsAnalyzer::on_certificate(ByteSpan body, bool tls13) {
  CertificateNames names;
  if (!parse_server_certificate(body, tls13, names)) {
    ++stats_.malformed;
    return;
  }
  ++stats_.certificates;
  summary_.subject = std::move(names.subject);
  summary_.issuer = std::move(names.issuer);
  summary_.san = std::move(names.san);
}

void TlsAnalyzer::on_client_hello(ByteSpan body) {
  ClientHello hello;
  if (!parse_client_hello(body, hello)) {
    ++stats_.malformed;
    return;
  }
  ++stats_.client_hellos;
  client_random_ = random_of(hello.random);
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
  server_random_ = random_of(hello.random);
  version_ = hello.version;
  encrypt_then_mac_ = hello.encrypt_then_mac;
  summary_.version = tls_version_name(hello.version);
  summary_.cipher = fmt::format("0x{:04x}", hello.cipher);
  count_version(hello.version);
  suite_ = find_tls_suite(hello.cipher);
  const TlsKeyLog* keys = env_.config.tls.keys.get();
  if (keys && !client_random_.empty() && !find_keys()) {
    waiting_ = keys->live() && env_.config.tls.max_key_wait_bytes > 0;
    ++(waiting_ ? stats_.key_waits : stats_.no_key);
  }
  // TLS 1.3 encrypts the rest of the handshake (RFC 8446 §2).
  if (hello.version == kTls13)
    for (int d = 0; d < 2; ++d) readers_[d].encrypted_from_now(ciphers_[d] != nullptr || waiting_);
}

// False when the key log has no secrets for the connection (yet): TLS 1.3
// needs its four, which a client writes as its handshake goes.
bool TlsAnalyzer::find_keys() {
  auto found = env_.config.tls.keys->find(client_random_);
  if (!found || !found->whole() || (version_ != kTls13 && found->master.empty())) return false;
  secrets_ = std::move(found);
  make_ciphers();
  return true;
}

void TlsAnalyzer::make_ciphers() {
  const bool tls13 = version_ == kTls13;
  if (suite_ && suite_->tls13 && tls13) {
    ciphers_[0] = TlsRecordCipher::tls13(*suite_, secrets_->client_handshake);
    ciphers_[1] = TlsRecordCipher::tls13(*suite_, secrets_->server_handshake);
  } else if (suite_ && !suite_->tls13 && version_ == kTls12) {
    for (int d = 0; d < 2; ++d)
      ciphers_[d] =
          TlsRecordCipher::tls12(*suite_, secrets_->master, client_random_, server_random_, d == 0, encrypt_then_mac_);
  }
  if (!ciphers_[0] || !ciphers_[1]) {
    ciphers_ = {};
    ++stats_.undecryptable;
    return;
  }
  ++stats_.decrypted;
  inner_ = std::make_unique<ApplicationLayer>(env_.config, env_.stats, env_.ftp, env_.client, env_.server);
}

// TLS 1.2: the records after it are protected, each side from its own.
void TlsAnalyzer::change_cipher_spec(int dir) {
  if (version_ == kTls13) return;  // TLS 1.3's is for middleboxes only
  readers_[dir].encrypted_from_now(ciphers_[dir] != nullptr || waiting_);
}

void TlsAnalyzer::sealed(int dir, ByteSpan header, ByteSpan body) {
  if (waiting_) return hold(dir, header, body);
  if (ciphers_[dir]) open(dir, header, body);
}

// Held in arrival order, both directions, and opened in that order once the
// secrets have come; past the bound the connection stays encrypted.
void TlsAnalyzer::hold(int dir, ByteSpan header, ByteSpan body) {
  if (find_keys()) {
    open_held();
    if (ciphers_[dir]) open(dir, header, body);
    return;
  }
  if (held_bytes_ + header.size() + body.size() > env_.config.tls.max_key_wait_bytes) {
    ++stats_.key_wait_overflows;
    return stop_waiting();
  }
  held_.push_back({dir, std::string(as_chars(header)) + std::string(as_chars(body))});
  held_bytes_ += held_.back().record.size();
}

void TlsAnalyzer::open_held() {
  const std::vector<Held> held = std::exchange(held_, {});
  stop_waiting();
  for (const Held& h : held)
    if (ciphers_[h.dir]) open(h.dir, as_bytes(h.record).first(5), as_bytes(h.record).subspan(5));
}

// The connection ends: the secrets may have come since its last record.
void TlsAnalyzer::give_held_a_last_chance() {
  if (find_keys()) return open_held();
  ++stats_.no_key;
  stop_waiting();
}

void TlsAnalyzer::stop_waiting() {
  waiting_ = false;
  std::vector<Held>().swap(held_);
  held_bytes_ = 0;
  for (int d = 0; d < 2; ++d)
    if (!ciphers_[d]) readers_[d].encrypted_from_now(false);
}

void TlsAnalyzer::open(int dir, ByteSpan header, ByteSpan body) {
  std::uint8_t type = 0;
  if (!ciphers_[dir]->open(header, body, plain_, type)) {
    ++stats_.failed_records;
    return;
  }
  if (type == tls_content::application_data) return plaintext(dir, as_bytes(plain_));
  if (type != tls_content::handshake) return;
  deciphered_[dir].add(as_bytes(plain_), [&](std::uint8_t t, ByteSpan m) {
    deciphered_handshake(dir, t, m);
    return true;
  });
}

// TLS 1.3: the certificate, then each side's Finished ends its use of the
// handshake keys; KeyUpdate moves a side to its next keys.
void TlsAnalyzer::deciphered_handshake(int dir, std::uint8_t type, ByteSpan body) {
  if (!suite_->tls13) return;
  if (dir == 1 && type == kCertificate && summary_.subject.empty()) on_certificate(body, true);
  if (type == kFinished && !traffic_keys_[dir]) {
    traffic_keys_[dir] = true;
    ciphers_[dir] = TlsRecordCipher::tls13(*suite_, dir == 0 ? secrets_->client_traffic : secrets_->server_traffic);
    if (!ciphers_[dir]) ++stats_.undecryptable;
  }
  if (type == kKeyUpdate && traffic_keys_[dir]) ciphers_[dir]->update();
}

void TlsAnalyzer::plaintext(int dir, ByteSpan data) {
  if (data.empty()) return;
  summary_.state = "decrypted";
  stats_.decrypted_bytes += data.size();
  summary_.decrypted_bytes[dir] += data.size();
  // As with cleartext: the application layer first, so that the scan knows the message.
  inner_->deliver(dir, data, *sink_);
  if (!inner_->opaque(dir)) sink_->plaintext(data);
}

void TlsAnalyzer::count_version(std::uint16_t version) {
  switch (version) {
    case 0x0300: ++stats_.ssl3; break;
    case 0x0301: ++stats_.tls10; break;
    case 0x0302: ++stats_.tls11; break;
    case kTls12: ++stats_.tls12; break;
    case kTls13: ++stats_.tls13; break;
    default: break;
  }
}

void TlsAnalyzer::describe(int dir, ConnectionFacts& facts) const {
  if (!claimed_) return;
  if (inner_) facts = inner_->facts(dir);
  facts.tls = summary_;
}

std::size_t TlsAnalyzer::memory_bytes() const {
  std::size_t bytes = sizeof(*this) + head_.capacity() + plain_.capacity();
  for (int d = 0; d < 2; ++d)
    bytes += readers_[d].memory_bytes() + deciphered_[d].memory_bytes() + (ciphers_[d] ? 1024 : 0);
  return bytes + held_bytes_ + (inner_ ? sizeof(ApplicationLayer) + inner_->memory_bytes() : 0);
}

}  // namespace dlp
