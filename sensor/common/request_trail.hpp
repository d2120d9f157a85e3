#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace dlp {

// The HTTP requests of one connection, as a receiver's summary reads them:
// how many there were, the first User-Agent (cut short) and the targets of
// the first kMaxUris.
struct RequestTrail {
  static constexpr std::size_t kMaxUris = 256;
  static constexpr std::size_t kMaxUserAgent = 100;
  std::uint64_t requests = 0;
  std::string user_agent;
  std::vector<std::string> uris;
};

}  // namespace dlp
