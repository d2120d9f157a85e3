#include "common/timestamp.hpp"

#include <fmt/format.h>
#include <chrono>
#include <ctime>

namespace dlp {

Timestamp Timestamp::now() {
  using namespace std::chrono;
  return {duration_cast<microseconds>(system_clock::now().time_since_epoch()).count()};
}

std::string format_iso8601(Timestamp t) {
  std::int64_t secs = t.usec / 1'000'000;
  std::int64_t micros = t.usec % 1'000'000;
  if (micros < 0) {
    micros += 1'000'000;
    --secs;
  }
  std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, micros);
}

}  // namespace dlp
