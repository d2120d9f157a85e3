#pragma once
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dlp {

// An IPv4 or IPv6 address. IPv4 addresses keep their four bytes at the front
// of the array so that comparisons and hashing treat both families alike.
struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};
  bool v6 = false;

  static IpAddress v4_from(const std::uint8_t* p);
  static IpAddress v6_from(const std::uint8_t* p);
  static std::optional<IpAddress> parse(std::string_view text);

  std::size_t size() const { return v6 ? 16 : 4; }
  std::string to_string() const;
  auto operator<=>(const IpAddress&) const = default;
};

// An address block such as 10.0.0.0/8 or fc00::/7.
struct Cidr {
  IpAddress network;
  unsigned prefix = 0;

  static std::optional<Cidr> parse(std::string_view text);
  bool contains(const IpAddress& a) const;
};

}  // namespace dlp
