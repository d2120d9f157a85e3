#include "app/tls/tls_record_cipher.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <algorithm>

namespace dlp {

namespace {

constexpr std::size_t kTagBytes = 16, kBlockBytes = 16;

std::string derive(const char* kdf_name, const char* digest, OSSL_PARAM* extra, std::size_t length) {
  std::string out(length, '\0');
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, kdf_name, nullptr);
  EVP_KDF_CTX* ctx = kdf ? EVP_KDF_CTX_new(kdf) : nullptr;
  OSSL_PARAM params[6];
  std::size_t n = 0;
  params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>(digest), 0);
  for (OSSL_PARAM* p = extra; p->key; ++p) params[n++] = *p;
  params[n] = OSSL_PARAM_construct_end();
  const bool ok = ctx && EVP_KDF_derive(ctx, reinterpret_cast<unsigned char*>(out.data()), length, params) > 0;
  EVP_KDF_CTX_free(ctx);
  EVP_KDF_free(kdf);
  return ok ? out : std::string();
}

OSSL_PARAM octets(const char* key, std::string_view value) {
  return OSSL_PARAM_construct_octet_string(key, const_cast<char*>(value.data()), value.size());
}

// HKDF-Expand-Label with an empty context (RFC 8446 §7.1).
std::string expand_label(const char* digest, std::string_view secret, std::string_view label, std::size_t length) {
  const std::string full = "tls13 " + std::string(label);
  std::string info{static_cast<char>(length >> 8), static_cast<char>(length & 0xff), static_cast<char>(full.size())};
  info += full;
  info.push_back('\0');
  int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;
  OSSL_PARAM extra[] = {OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode), octets(OSSL_KDF_PARAM_KEY, secret),
                        octets(OSSL_KDF_PARAM_INFO, info), OSSL_PARAM_construct_end()};
  return derive("HKDF", digest, extra, length);
}

std::size_t digest_bytes(const char* name) {
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  const std::size_t n = md ? static_cast<std::size_t>(EVP_MD_get_size(md)) : 0;
  EVP_MD_free(md);
  return n;
}

const EVP_CIPHER* cipher_of(const TlsSuite& s) {
  switch (s.cipher) {
    case TlsSuite::Cipher::aes_gcm: return s.key_bytes == 16 ? EVP_aes_128_gcm() : EVP_aes_256_gcm();
    case TlsSuite::Cipher::chacha20_poly1305: return EVP_chacha20_poly1305();
    case TlsSuite::Cipher::aes_cbc: return s.key_bytes == 16 ? EVP_aes_128_cbc() : EVP_aes_256_cbc();
  }
  return nullptr;
}

void put_u64(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}

// The TLS 1.2 additional data or MAC input's head: seq, type, version, length (RFC 5246 §6.2.3).
std::string record_head(std::uint64_t seq, ByteSpan header, std::size_t length) {
  std::string out;
  put_u64(out, seq);
  out.append(as_chars(header.first(3)));
  out.push_back(static_cast<char>(length >> 8));
  out.push_back(static_cast<char>(length & 0xff));
  return out;
}

}  // namespace

struct TlsRecordCipher::Context {
  EVP_CIPHER_CTX* cipher = EVP_CIPHER_CTX_new();
  ~Context() { EVP_CIPHER_CTX_free(cipher); }
};

TlsRecordCipher::TlsRecordCipher(const TlsSuite& suite) : suite_(suite), ctx_(std::make_unique<Context>()) {}
TlsRecordCipher::~TlsRecordCipher() = default;

std::unique_ptr<TlsRecordCipher> TlsRecordCipher::tls13(const TlsSuite& suite, std::string_view secret) {
  std::unique_ptr<TlsRecordCipher> c(new TlsRecordCipher(suite));
  c->secret_ = secret;
  c->set_tls13_keys();
  return c->key_.empty() ? nullptr : std::move(c);
}

void TlsRecordCipher::set_tls13_keys() {
  key_ = expand_label(suite_.digest, secret_, "key", suite_.key_bytes);
  iv_ = expand_label(suite_.digest, secret_, "iv", 12);
  seq_ = 0;
}

void TlsRecordCipher::update() {
  secret_ = expand_label(suite_.digest, secret_, "traffic upd", digest_bytes(suite_.digest));
  set_tls13_keys();
}

std::unique_ptr<TlsRecordCipher> TlsRecordCipher::tls12(const TlsSuite& suite, std::string_view master,
                                                        std::string_view client_random, std::string_view server_random,
                                                        bool client, bool encrypt_then_mac) {
  const std::size_t mac = suite.mac ? digest_bytes(suite.mac) : 0;
  const std::size_t iv = suite.cipher == TlsSuite::Cipher::aes_gcm             ? 4
                         : suite.cipher == TlsSuite::Cipher::chacha20_poly1305 ? 12
                                                                               : kBlockBytes;
  const std::string seed = "key expansion" + std::string(server_random) + std::string(client_random);
  OSSL_PARAM extra[] = {octets(OSSL_KDF_PARAM_SECRET, master), octets(OSSL_KDF_PARAM_SEED, seed),
                        OSSL_PARAM_construct_end()};
  const std::string block = derive("TLS1-PRF", suite.digest, extra, 2 * (mac + suite.key_bytes + iv));
  if (block.empty()) return nullptr;
  std::unique_ptr<TlsRecordCipher> c(new TlsRecordCipher(suite));
  const std::size_t side = client ? 0 : 1;
  c->mac_key_ = block.substr(side * mac, mac);
  c->key_ = block.substr(2 * mac + side * suite.key_bytes, suite.key_bytes);
  c->iv_ = block.substr(2 * (mac + suite.key_bytes) + side * iv, iv);
  c->encrypt_then_mac_ = encrypt_then_mac;
  return c;
}

bool TlsRecordCipher::open(ByteSpan header, ByteSpan body, std::string& plaintext, std::uint8_t& type) {
  type = header[0];
  bool ok = false;
  if (suite_.tls13)
    ok = open_tls13(header, body, plaintext, type);
  else if (suite_.cipher == TlsSuite::Cipher::aes_cbc)
    ok = open_cbc(header, body, plaintext);
  else
    ok = open_aead12(header, body, plaintext);
  ++seq_;
  return ok;
}

std::string TlsRecordCipher::nonce_of_seq() const {
  std::string nonce = iv_;
  for (std::size_t i = 0; i < 8; ++i) nonce[nonce.size() - 1 - i] ^= static_cast<char>(seq_ >> (8 * i));
  return nonce;
}

bool TlsRecordCipher::aead(const std::string& nonce, ByteSpan aad, ByteSpan sealed, std::string& out) {
  if (sealed.size() < kTagBytes) return false;
  EVP_CIPHER_CTX* c = ctx_->cipher;
  const std::size_t n = sealed.size() - kTagBytes;
  out.resize(n);
  int len = 0;
  const auto* key = reinterpret_cast<const unsigned char*>(key_.data());
  const auto* iv = reinterpret_cast<const unsigned char*>(nonce.data());
  auto* tag = const_cast<unsigned char*>(sealed.data() + n);
  return EVP_DecryptInit_ex(c, cipher_of(suite_), nullptr, key, iv) > 0 &&
         EVP_DecryptUpdate(c, nullptr, &len, aad.data(), static_cast<int>(aad.size())) > 0 &&
         EVP_DecryptUpdate(c, reinterpret_cast<unsigned char*>(out.data()), &len, sealed.data(), static_cast<int>(n)) >
             0 &&
         EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, kTagBytes, tag) > 0 &&
         EVP_DecryptFinal_ex(c, reinterpret_cast<unsigned char*>(out.data()) + len, &len) > 0;
}

// TLSInnerPlaintext: the content, its type, zero padding (RFC 8446 §5.2).
bool TlsRecordCipher::open_tls13(ByteSpan header, ByteSpan body, std::string& out, std::uint8_t& type) {
  if (!aead(nonce_of_seq(), header, body, out)) return false;
  const auto last = out.find_last_not_of('\0');
  if (last == std::string::npos) return false;
  type = static_cast<std::uint8_t>(out[last]);
  out.resize(last);
  return true;
}

bool TlsRecordCipher::open_aead12(ByteSpan header, ByteSpan body, std::string& out) {
  std::string nonce;
  if (suite_.cipher == TlsSuite::Cipher::aes_gcm) {  // the explicit part of the nonce leads the body (RFC 5288 §3)
    if (body.size() < 8 + kTagBytes) return false;
    nonce = iv_ + std::string(as_chars(body.first(8)));
    body = body.subspan(8);
  } else {
    nonce = nonce_of_seq();
  }
  if (body.size() < kTagBytes) return false;
  const std::string aad = record_head(seq_, header, body.size() - kTagBytes);
  return aead(nonce, as_bytes(aad), body, out);
}

bool TlsRecordCipher::mac_matches(ByteSpan header, std::size_t length, ByteSpan data, ByteSpan mac) const {
  std::string input = record_head(seq_, header, length);
  input.append(as_chars(data));
  unsigned char computed[EVP_MAX_MD_SIZE];
  std::size_t size = 0;
  if (!EVP_Q_mac(nullptr, "HMAC", nullptr, suite_.mac, nullptr, mac_key_.data(), mac_key_.size(),
                 reinterpret_cast<const unsigned char*>(input.data()), input.size(), computed, sizeof(computed), &size))
    return false;
  return size == mac.size() && CRYPTO_memcmp(computed, mac.data(), size) == 0;
}

// AES-CBC with an explicit IV per record (TLS 1.1 and later), MAC then
// encrypt, or encrypt then MAC (RFC 7366).
bool TlsRecordCipher::open_cbc(ByteSpan header, ByteSpan body, std::string& out) {
  const std::size_t mac = mac_key_.size();
  if (encrypt_then_mac_) {
    if (body.size() < mac + 2 * kBlockBytes) return false;
    const ByteSpan sealed = body.first(body.size() - mac);
    if (!mac_matches(header, sealed.size(), sealed, body.subspan(sealed.size()))) return false;
    body = sealed;
  }
  if (body.size() < 2 * kBlockBytes || body.size() % kBlockBytes != 0) return false;
  EVP_CIPHER_CTX* c = ctx_->cipher;
  out.resize(body.size() - kBlockBytes);
  int len = 0, tail = 0;
  const auto* key = reinterpret_cast<const unsigned char*>(key_.data());
  if (EVP_DecryptInit_ex(c, cipher_of(suite_), nullptr, key, body.data()) <= 0 || !EVP_CIPHER_CTX_set_padding(c, 0) ||
      EVP_DecryptUpdate(c, reinterpret_cast<unsigned char*>(out.data()), &len, body.data() + kBlockBytes,
                        static_cast<int>(out.size())) <= 0 ||
      EVP_DecryptFinal_ex(c, reinterpret_cast<unsigned char*>(out.data()) + len, &tail) <= 0)
    return false;
  const std::size_t padding = static_cast<std::uint8_t>(out.back()) + 1u;
  if (padding + (encrypt_then_mac_ ? 0 : mac) > out.size()) return false;
  out.resize(out.size() - padding);
  if (encrypt_then_mac_) return true;
  const std::size_t length = out.size() - mac;
  const bool ok = mac_matches(header, length, as_bytes(out).first(length), as_bytes(out).subspan(length));
  out.resize(length);
  return ok;
}

}  // namespace dlp
