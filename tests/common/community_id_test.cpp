#include "common/community_id.hpp"

#include <gtest/gtest.h>

namespace dlp::community_id_test {

Endpoint at(const char* ip, std::uint16_t port) { return {*IpAddress::parse(ip), port}; }

struct Vector {
  Endpoint src, dst;
  std::uint8_t proto;
  std::uint16_t seed;
  const char* id;
};

// The specification's baseline vectors (corelight/community-id-spec, as
// Zeek's test of community_id_v1 cites them): each direction gives the same id.
TEST(CommunityId, EqualsTheSpecificationsVectors) {
  const Endpoint v6a = at("fe80:1:203:405:607:809:a0b:c0d", 128),
                 v6b = at("fe80:1011:1213:1415:1617:1819:1a1b:1c1d", 129);
  const Vector vectors[] = {
      {at("1.2.3.4", 1122), at("5.6.7.8", 3344), ip_proto::tcp, 0, "1:wCb3OG7yAFWelaUydu0D+125CLM="},
      {at("1.2.3.4", 1122), at("5.6.7.8", 3344), ip_proto::udp, 0, "1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg="},
      {at("1.2.3.4", 8), at("5.6.7.8", 0), ip_proto::icmp, 0, "1:crodRHL2FEsHjbv3UkRrfbs4bZ0="},
      {v6a, v6b, ip_proto::icmpv6, 0, "1:0bf7hyMJUwt3fMED7z8LIfRpBeo="},
      {at("1.2.3.4", 1122), at("5.6.7.8", 3344), ip_proto::tcp, 1, "1:HhA1B+6CoLbiKPEs5nhNYN4XWfk="},
      {at("1.2.3.4", 1122), at("5.6.7.8", 3344), ip_proto::udp, 1, "1:OShq+iKDAMVouh/4bMxB9Sz4amw="},
      {at("1.2.3.4", 8), at("5.6.7.8", 0), ip_proto::icmp, 1, "1:9pr4ZGTICiuZoIh90RRYE2RyXpU="},
      {v6a, v6b, ip_proto::icmpv6, 1, "1:IO27GQzPuCtNnwFvjWALMHu5tJE="},
  };
  for (const Vector& v : vectors) {
    EXPECT_EQ(community_id(v.src, v.dst, v.proto, v.seed), v.id) << v.src.ip.to_string();
    // The answer: an ICMP echo reply is type 0 (ICMPv6: 129) with code 0.
    const bool icmp = v.proto == ip_proto::icmp || v.proto == ip_proto::icmpv6;
    const Endpoint back_src =
        icmp ? Endpoint{v.dst.ip, static_cast<std::uint16_t>(v.proto == ip_proto::icmp ? 0 : 129)} : v.dst;
    const Endpoint back_dst = icmp ? Endpoint{v.src.ip, 0} : v.src;
    EXPECT_EQ(community_id(back_src, back_dst, v.proto, v.seed), v.id) << "answer of " << v.src.ip.to_string();
  }
}

TEST(CommunityId, AOneWayIcmpMessageKeepsItsOrder) {
  // Destination unreachable (3, code 1) has no answer: the endpoints are not swapped.
  EXPECT_NE(community_id(at("5.6.7.8", 3), at("1.2.3.4", 1), ip_proto::icmp),
            community_id(at("1.2.3.4", 3), at("5.6.7.8", 1), ip_proto::icmp));
}

}  // namespace dlp::community_id_test
