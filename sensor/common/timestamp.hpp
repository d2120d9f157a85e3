#pragma once
#include <cstdint>
#include <string>

namespace dlp {

// Capture time in microseconds since the Unix epoch. All timeouts in the
// sensor run on this clock, so a replayed pcap behaves as it did live.
struct Timestamp {
  std::int64_t usec = 0;

  static Timestamp from_seconds(std::int64_t s) { return {s * 1'000'000}; }
  // The wall clock: a live capture's time while the link is idle.
  static Timestamp now();
  auto operator<=>(const Timestamp&) const = default;
};

// 2024-05-01T12:00:00.123456Z
std::string format_iso8601(Timestamp t);

}  // namespace dlp
