#pragma once
#include <cstdint>
#include <functional>

#include "common/ip_address.hpp"

namespace dlp {

// One end of a transport connection.
struct Endpoint {
  IpAddress ip;
  std::uint16_t port = 0;
  auto operator<=>(const Endpoint&) const = default;
};

// The same key for both directions of a connection: the lower endpoint first.
struct FlowKey {
  Endpoint lo, hi;
  std::uint8_t proto = 0;

  // Builds the key of a packet from src to dst; `src_is_lo` tells which
  // side of the key the sender is.
  static FlowKey of(const Endpoint& src, const Endpoint& dst, std::uint8_t proto, bool& src_is_lo);
  bool operator==(const FlowKey&) const = default;
};

// Symmetric by construction (the key is ordered), so both directions of a
// flow hash alike.
struct FlowKeyHash {
  std::size_t operator()(const FlowKey& k) const noexcept;
};

}  // namespace dlp
