#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <utility>

#include "common/byte_span.hpp"
#include "common/counters.hpp"
#include "common/ip_address.hpp"

namespace dlp {

struct DnsStats {
  std::uint64_t answers = 0;
  std::uint64_t malformed = 0;
  std::uint64_t names = 0;
  std::uint64_t evictions = 0;
  static constexpr Counter<DnsStats> counters[] = {
      {"answers", &DnsStats::answers, "DNS responses read (UDP, from port 53)"},
      {"malformed", &DnsStats::malformed, "responses that could not be read, or said an error"},
      {"names", &DnsStats::names, "client and address pairs named now", MetricKind::gauge},
      {"evictions", &DnsStats::evictions, "names forgotten to keep max_names, oldest first"},
  };
};

// The names a client looked up, by the addresses the answers gave it, so
// that a connection without a server name (no SNI, no HTTP host) can be
// named by what its client asked for. The newest answer for a pair wins;
// past max_names the pairs first seen longest ago are forgotten.
class DnsNames {
 public:
  DnsNames(std::size_t max_names, DnsStats& stats) : max_(max_names), stats_(stats) {}

  // A DNS response sent to `client`.
  void learn(const IpAddress& client, ByteSpan message);
  // The name `client` asked for that gave `address`, or "".
  const std::string& name_of(const IpAddress& client, const IpAddress& address) const;

 private:
  using Key = std::pair<IpAddress, IpAddress>;
  std::size_t max_;
  DnsStats& stats_;
  std::map<Key, std::string> names_;
  std::deque<Key> order_;  // the pairs of names_, first seen first
  std::string none_;
};

}  // namespace dlp
