#pragma once
#include <cstdint>
#include <string>
#include <string_view>
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

  void add_request(std::string_view uri) {
    ++requests;
    if (uris.size() >= kMaxUris) return;
    uris.emplace_back(uri);
    uri_bytes_ += sizeof(std::string) + uris.back().capacity();
  }
  void note_user_agent(std::string_view agent) {
    if (user_agent.empty()) user_agent = agent.substr(0, kMaxUserAgent);
  }
  // Kept as it grows: an analyzer's memory is asked for at every packet.
  std::size_t memory_bytes() const { return uri_bytes_ + user_agent.capacity(); }

 private:
  std::size_t uri_bytes_ = 0;
};

}  // namespace dlp
