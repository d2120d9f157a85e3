#pragma once
#include <cstdint>
#include <span>
#include <string_view>

namespace dlp {

// A read-only view of bytes owned elsewhere (a packet, a reassembly buffer).
using ByteSpan = std::span<const std::uint8_t>;

inline std::string_view as_chars(ByteSpan s) { return {reinterpret_cast<const char*>(s.data()), s.size()}; }

inline ByteSpan as_bytes(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

}  // namespace dlp
