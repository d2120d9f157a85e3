#include "app/tls/tls_fingerprint.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>

#include "common/hex.hpp"

namespace dlp {

namespace {

template <class T>
std::vector<T> without_grease(const std::vector<T>& values) {
  std::vector<T> out;
  std::copy_if(values.begin(), values.end(), std::back_inserter(out), [](T v) { return !is_grease(v); });
  return out;
}

template <class T>
std::string joined(const std::vector<T>& values, const char* format, const char* separator) {
  std::string out;
  for (const T v : values) {
    if (!out.empty()) out += separator;
    out += fmt::format(fmt::runtime(format), v);
  }
  return out;
}

std::string hex_digest(const EVP_MD* md, const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, md, nullptr);
  return to_hex(digest, size);
}

// Its first 12 hex digits; twelve zeros for an empty list.
std::string truncated_sha256(const std::string& list) {
  return list.empty() ? std::string(12, '0') : hex_digest(EVP_sha256(), list).substr(0, 12);
}

std::string ja4_version(const ClientHello& hello) {
  const auto versions = without_grease(hello.versions);
  const std::uint16_t v = versions.empty() ? hello.version : *std::max_element(versions.begin(), versions.end());
  switch (v) {
    case 0x0304: return "13";
    case 0x0303: return "12";
    case 0x0302: return "11";
    case 0x0301: return "10";
    case 0x0300: return "s3";
    case 0x0002: return "s2";
    default: return "00";
  }
}

bool alphanumeric(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// The first and last characters of the first protocol offered; of its hex
// form when either is not alphanumeric.
std::string ja4_alpn(const ClientHello& hello) {
  if (hello.alpn.empty() || hello.alpn.front().empty()) return "00";
  const std::string& first = hello.alpn.front();
  if (alphanumeric(first.front()) && alphanumeric(first.back())) return {first.front(), first.back()};
  constexpr char kHex[] = "0123456789abcdef";
  const auto front = static_cast<std::uint8_t>(first.front()), back = static_cast<std::uint8_t>(first.back());
  return {kHex[front >> 4], kHex[back & 0xf]};
}

std::string two_digits(std::size_t n) { return fmt::format("{:02}", std::min<std::size_t>(n, 99)); }

}  // namespace

std::string ja3_string(const ClientHello& hello) {
  return fmt::format("{},{},{},{},{}", hello.version, joined(without_grease(hello.ciphers), "{}", "-"),
                     joined(without_grease(hello.extensions), "{}", "-"),
                     joined(without_grease(hello.groups), "{}", "-"), joined(hello.point_formats, "{}", "-"));
}

std::string ja3(const ClientHello& hello) { return hex_digest(EVP_md5(), ja3_string(hello)); }

std::string ja4(const ClientHello& hello) {
  auto ciphers = without_grease(hello.ciphers);
  auto extensions = without_grease(hello.extensions);
  const bool sni = std::find(extensions.begin(), extensions.end(), tls_extension::server_name) != extensions.end();
  const std::string a = "t" + ja4_version(hello) + (sni ? "d" : "i") + two_digits(ciphers.size()) +
                        two_digits(extensions.size()) + ja4_alpn(hello);
  std::sort(ciphers.begin(), ciphers.end());
  // SNI and ALPN are in the first part already.
  std::erase_if(extensions,
                [](std::uint16_t e) { return e == tls_extension::server_name || e == tls_extension::alpn; });
  std::sort(extensions.begin(), extensions.end());
  std::string c = joined(extensions, "{:04x}", ",");
  const auto algorithms = without_grease(hello.signature_algorithms);
  if (!c.empty() && !algorithms.empty()) c += "_" + joined(algorithms, "{:04x}", ",");
  return a + "_" + truncated_sha256(joined(ciphers, "{:04x}", ",")) + "_" + truncated_sha256(c);
}

}  // namespace dlp
