#pragma once
#include <string>
#include <vector>

#include "common/byte_span.hpp"
#include "common/ip_address.hpp"

namespace dlp {

// What a DNS response (RFC 1035 §4.1) tells of where a name is: the name
// asked (the first question) and the IPv4 and IPv6 addresses its answers
// give, through any CNAME chain.
struct DnsAnswer {
  std::string name;  // lower case, no trailing dot
  std::vector<IpAddress> addresses;
};

// False when the message is not a response without error, or is malformed:
// a name or record runs past it, a compression pointer loops.
bool parse_dns_answer(ByteSpan message, DnsAnswer& out);

}  // namespace dlp
