#include "app/dns/dns_answer.hpp"

#include "common/ascii.hpp"
#include "common/wire_reader.hpp"

namespace dlp {

namespace {

constexpr std::uint16_t kTypeA = 1, kTypeAaaa = 28;
constexpr std::size_t kMaxNameBytes = 255, kMaxPointers = 16, kMaxAnswers = 64;

// A name at `at`, following compression pointers (RFC 1035 §4.1.4); `end`
// is where the name's own bytes end in the message. Empty on a bad name.
bool read_name(ByteSpan msg, std::size_t at, std::string* name, std::size_t& end) {
  std::size_t pointers = 0;
  end = 0;
  for (;;) {
    if (at >= msg.size()) return false;
    const std::uint8_t len = msg[at];
    if ((len & 0xc0) == 0xc0) {
      if (at + 1 >= msg.size() || ++pointers > kMaxPointers) return false;
      if (end == 0) end = at + 2;
      at = (std::size_t{len & 0x3fu} << 8) | msg[at + 1];
      continue;
    }
    if (len & 0xc0) return false;  // reserved label types
    if (len == 0) {
      if (end == 0) end = at + 1;
      return true;
    }
    if (at + 1 + len > msg.size()) return false;
    if (name) {
      if (!name->empty()) name->push_back('.');
      for (std::size_t i = 0; i < len; ++i) name->push_back(ascii_lower(static_cast<char>(msg[at + 1 + i])));
      if (name->size() > kMaxNameBytes) return false;
    }
    at += 1 + len;
  }
}

}  // namespace

bool parse_dns_answer(ByteSpan msg, DnsAnswer& out) {
  WireReader r(msg);
  r.skip(2);  // id
  const auto flags = r.be(2);
  const auto questions = r.be(2), answers = r.be(2);
  r.skip(4);  // authority and additional counts
  // A response (QR), a standard query's, without error.
  if (!r.ok() || !(flags & 0x8000) || ((flags >> 11) & 0xf) != 0 || (flags & 0xf) != 0 || questions == 0) return false;
  std::size_t at = 12, end = 0;
  if (!read_name(msg, at, &out.name, end)) return false;
  at = end + 4;  // type and class
  for (std::uint64_t q = 1; q < questions; ++q, at = end + 4)
    if (!read_name(msg, at, nullptr, end)) return false;
  for (std::uint64_t a = 0; a < answers && a < kMaxAnswers; ++a) {
    if (!read_name(msg, at, nullptr, end)) return false;
    WireReader rr(msg.subspan(std::min(end, msg.size())));
    const auto type = rr.be(2);
    rr.skip(6);  // class, TTL
    const ByteSpan data = rr.bytes(rr.be(2));
    if (!rr.ok()) return false;
    if (type == kTypeA && data.size() == 4) out.addresses.push_back(IpAddress::v4_from(data.data()));
    if (type == kTypeAaaa && data.size() == 16) out.addresses.push_back(IpAddress::v6_from(data.data()));
    at = end + 10 + data.size();
  }
  return !out.name.empty();
}

}  // namespace dlp
