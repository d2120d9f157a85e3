#pragma once
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>
#include <string_view>

#include "common/alert.hpp"

namespace dlp {

// What the progress line shows.
struct Progress {
  std::uint64_t bytes = 0, bytes_total = 0;  // of the files read; total 0: not known (live, a pipe)
  std::uint64_t packets = 0;
  std::uint64_t drops = 0;  // the kernel's, live
  bool live = false;
  std::array<std::uint64_t, 4> alerts{};  // by severity
};

// Alerts so far by event and severity, counted by whichever thread writes them.
class AlertTally {
 public:
  // The event kinds alerts have (schema/alert.schema.json); the last slot is any other.
  static constexpr std::string_view kEvents[] = {"dlp.flow",           "dlp.flow_threshold",
                                                 "dlp.bulk_access",    "dlp.bulk_access_threshold",
                                                 "dlp.host_summary",   "dlp.workstation_summary",
                                                 "dlp.user_summary",   "dlp.upload_volume",
                                                 "dlp.replay_summary", "other"};
  static constexpr std::size_t kEventCount = std::size(kEvents);

  void count(const Alert& a);
  // By severity.
  std::array<std::uint64_t, 4> read() const;
  std::uint64_t read(std::size_t event, Severity s) const {
    return counts_[event][static_cast<int>(s)].load(std::memory_order_relaxed);
  }

 private:
  std::array<std::array<std::atomic<std::uint64_t>, 4>, kEventCount> counts_{};
};

// One line on a terminal (standard error), redrawn in place at most every
// `interval`: how much of the replay is read, the rate, the time left, the
// alerts so far; live, the packets and the kernel's drops. Its end leaves
// the last state on the line.
class ProgressLine {
 public:
  explicit ProgressLine(std::FILE* out, std::chrono::milliseconds interval = std::chrono::milliseconds(100))
      : out_(out), interval_(interval) {}
  void update(const Progress& p);
  void finish(const Progress& p);

 private:
  std::string text(const Progress& p, double seconds) const;
  void draw(const Progress& p);

  std::FILE* out_;
  std::chrono::milliseconds interval_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point drawn_{};
};

// Whether to draw it: forced on or off, else when standard error is a
// terminal the alerts do not also go to.
bool progress_wanted(bool forced_on, bool forced_off, bool alerts_to_stdout);

}  // namespace dlp
