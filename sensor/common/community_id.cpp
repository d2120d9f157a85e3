#include "common/community_id.hpp"

#include <openssl/evp.h>

#include <cstring>
#include <utility>

namespace dlp {

namespace {

// An ICMP request's type with its answer's (and back): the pair makes one
// flow, as ports do. Other types are one-way: their code stands in for
// the port, and the endpoints keep their order.
int counterpart(std::uint8_t proto, std::uint16_t type) {
  static constexpr std::pair<int, int> kIcmp[] = {{8, 0}, {13, 14}, {15, 16}, {10, 9}, {17, 18}};
  static constexpr std::pair<int, int> kIcmpv6[] = {{128, 129}, {130, 131}, {133, 134},
                                                    {135, 136}, {139, 140}, {144, 145}};
  const auto find = [type](const auto& pairs) {
    for (const auto& [a, b] : pairs) {
      if (type == a) return b;
      if (type == b) return a;
    }
    return -1;
  };
  return proto == ip_proto::icmp ? find(kIcmp) : find(kIcmpv6);
}

void put16(unsigned char*& at, std::uint16_t v) {
  *at++ = static_cast<unsigned char>(v >> 8);
  *at++ = static_cast<unsigned char>(v);
}

}  // namespace

std::string community_id(const Endpoint& src_in, const Endpoint& dst_in, std::uint8_t proto, std::uint16_t seed) {
  Endpoint src = src_in, dst = dst_in;
  bool one_way = false;
  if (proto == ip_proto::icmp || proto == ip_proto::icmpv6) {
    const int answer = counterpart(proto, src.port);
    one_way = answer < 0;
    if (!one_way) dst.port = static_cast<std::uint16_t>(answer);
  }
  const std::size_t n = src.ip.size();
  const int order = std::memcmp(src.ip.bytes.data(), dst.ip.bytes.data(), n);
  if (!one_way && (order > 0 || (order == 0 && src.port > dst.port))) std::swap(src, dst);

  unsigned char input[2 + 16 + 16 + 2 + 4];
  unsigned char* at = input;
  put16(at, seed);
  std::memcpy(at, src.ip.bytes.data(), n);
  std::memcpy(at + n, dst.ip.bytes.data(), n);
  at += 2 * n;
  *at++ = proto;
  *at++ = 0;
  put16(at, src.port);
  put16(at, dst.port);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(input, static_cast<std::size_t>(at - input), digest, &length, EVP_sha1(), nullptr);
  unsigned char text[32];
  const int written = EVP_EncodeBlock(text, digest, static_cast<int>(length));
  return "1:" + std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(written));
}

}  // namespace dlp
