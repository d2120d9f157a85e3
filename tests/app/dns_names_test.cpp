#include <gtest/gtest.h>

#include <string>

#include "app/dns/dns_answer.hpp"
#include "app/dns/dns_names.hpp"

namespace dlp::dns_test {

std::string u16(unsigned v) { return {static_cast<char>(v >> 8), static_cast<char>(v & 0xff)}; }

std::string name(const std::string& dotted) {
  std::string out;
  std::size_t at = 0;
  for (std::size_t dot; (dot = dotted.find('.', at)) != std::string::npos; at = dot + 1)
    out += static_cast<char>(dot - at) + dotted.substr(at, dot - at);
  return out + static_cast<char>(dotted.size() - at) + dotted.substr(at) + '\0';
}

std::string record(const std::string& owner, unsigned type, const std::string& data) {
  return owner + u16(type) + u16(1) + std::string("\0\0\x0e\x10", 4) + u16(static_cast<unsigned>(data.size())) + data;
}

// pan.baidu.com → CNAME (compressed against the question) → two A and one AAAA.
std::string response(unsigned flags = 0x8180) {
  const std::string question = name("PAN.Baidu.com") + u16(1) + u16(1);
  const std::string pointer = std::string("\xc0\x0c", 2);  // the question's name, at offset 12
  const std::string cname = std::string(
                                "\x03"
                                "cdn",
                                4) +
                            pointer;
  return u16(0x1234) + u16(flags) + u16(1) + u16(4) + u16(0) + u16(0) + question + record(pointer, 5, cname) +
         record(std::string("\xc0\x2b", 2), 1, std::string("\xcb\x00\x71\x50", 4)) +
         record(pointer, 1, std::string("\xcb\x00\x71\x51", 4)) + record(pointer, 28, std::string(15, '\0') + "\x01");
}

TEST(DnsAnswer, NameAskedAndEveryAddressThroughCnames) {
  const std::string msg = response();
  DnsAnswer a;
  ASSERT_TRUE(parse_dns_answer(as_bytes(msg), a));
  EXPECT_EQ(a.name, "pan.baidu.com");
  ASSERT_EQ(a.addresses.size(), 3u);
  EXPECT_EQ(a.addresses[0].to_string(), "203.0.113.80");
  EXPECT_EQ(a.addresses[1].to_string(), "203.0.113.81");
  EXPECT_EQ(a.addresses[2].to_string(), "::1");
}

TEST(DnsAnswer, QueriesErrorsLoopsAndTruncationAreRefused) {
  DnsAnswer a;
  const std::string query = response(0x0100), error = response(0x8183);
  EXPECT_FALSE(parse_dns_answer(as_bytes(query), a));
  EXPECT_FALSE(parse_dns_answer(as_bytes(error), a));
  std::string loop = response();
  loop.replace(12, 1, "\xc0\x0c");  // the question's name points at itself
  DnsAnswer looped;
  EXPECT_FALSE(parse_dns_answer(as_bytes(loop), looped));
  const std::string msg = response();
  for (std::size_t n = 0; n < msg.size(); ++n) {  // never reads past what it is given
    DnsAnswer cut;
    parse_dns_answer(as_bytes(msg).first(n), cut);
  }
}

TEST(DnsNames, PerClientAndAddressTheOldestForgotten) {
  DnsStats stats;
  DnsNames names(2, stats);
  const auto client = *IpAddress::parse("10.1.1.20"), other = *IpAddress::parse("10.1.1.21");
  const std::string msg = response();
  names.learn(client, as_bytes(msg));
  EXPECT_EQ(names.name_of(client, *IpAddress::parse("203.0.113.81")), "pan.baidu.com");
  EXPECT_EQ(names.name_of(other, *IpAddress::parse("203.0.113.81")), "");
  EXPECT_EQ(names.name_of(client, *IpAddress::parse("203.0.113.80")), "");  // evicted: three pairs, room for two
  EXPECT_EQ(stats.evictions, 1u);
  EXPECT_EQ(stats.names, 2u);
  EXPECT_EQ(stats.answers, 1u);
  names.learn(client, as_bytes(std::string("\x12\x34", 2)));
  EXPECT_EQ(stats.malformed, 1u);
}

}  // namespace dlp::dns_test
