#include "decode/decode_stats.hpp"

namespace dlp {

namespace {
constexpr const char* kNames[] = {"unsupported_linktype", "truncated_link",         "vlan_too_deep",
                                  "truncated_ipv4",       "bad_ipv4_header_length", "bad_ipv4_total_length",
                                  "truncated_ipv6",       "ipv6_too_many_headers",  "truncated_ipv6_header",
                                  "bad_ip_version",       "tunnel_too_deep",        "truncated_tcp",
                                  "bad_tcp_data_offset",  "truncated_udp",          "bad_udp_length"};
static_assert(std::size(kNames) == static_cast<std::size_t>(DecodeError::count_));
}  // namespace

void DecodeStats::write(StatsWriter& w) const {
  write_counters(w, *this);
  w.begin_list("decode_errors", "reason");
  for (std::size_t i = 0; i < errors.size(); ++i) {
    w.begin_item(kNames[i]);
    w.count("packets", errors[i], "packets not decoded, by reason");
    w.end_item();
  }
  w.end_list();
}

DecodeStats& DecodeStats::operator+=(const DecodeStats& o) {
  add_counters(*this, o);
  for (std::size_t i = 0; i < errors.size(); ++i) errors[i] += o.errors[i];
  return *this;
}

}  // namespace dlp
