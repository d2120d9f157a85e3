#include "app/tls/tls_certificate.hpp"

#include <openssl/bio.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "common/wire_reader.hpp"

namespace dlp {

namespace {

constexpr std::size_t kMaxNames = 32;        // SANs kept
constexpr std::size_t kMaxNameBytes = 1024;  // of a subject or issuer

struct FreeX509 {
  void operator()(X509* x) const { X509_free(x); }
};
struct FreeBio {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct FreeNames {
  void operator()(GENERAL_NAMES* n) const { GENERAL_NAMES_free(n); }
};

std::string rfc2253(const X509_NAME* name) {
  std::unique_ptr<BIO, FreeBio> bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return {};
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(std::min<long>(size, kMaxNameBytes)));
}

std::vector<std::string> dns_names(X509* cert) {
  std::vector<std::string> out;
  std::unique_ptr<GENERAL_NAMES, FreeNames> names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()) && out.size() < kMaxNames; ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names.get(), i);
    if (n->type != GEN_DNS) continue;
    const ASN1_IA5STRING* dns = n->d.dNSName;
    out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)),
                     std::min<std::size_t>(static_cast<std::size_t>(ASN1_STRING_length(dns)), kMaxNameBytes));
  }
  return out;
}

}  // namespace

bool parse_server_certificate(ByteSpan body, bool tls13, CertificateNames& out) {
  WireReader r(body);
  if (tls13) r.skip(r.be(1));  // certificate_request_context
  WireReader list(r.bytes(r.be(3)));
  const ByteSpan der = list.bytes(list.be(3));
  if (!list.ok() || der.empty()) return false;
  const unsigned char* p = der.data();
  std::unique_ptr<X509, FreeX509> cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert) return false;
  out.subject = rfc2253(X509_get_subject_name(cert.get()));
  out.issuer = rfc2253(X509_get_issuer_name(cert.get()));
  out.san = dns_names(cert.get());
  return true;
}

}  // namespace dlp
