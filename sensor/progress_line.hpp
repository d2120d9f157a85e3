#pragma once
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

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

// Alerts so far by severity, counted by whichever thread writes them.
class AlertTally {
 public:
  void count(Severity s) { counts_[static_cast<int>(s)].fetch_add(1, std::memory_order_relaxed); }
  std::array<std::uint64_t, 4> read() const {
    std::array<std::uint64_t, 4> out{};
    for (int i = 0; i < 4; ++i) out[i] = counts_[i].load(std::memory_order_relaxed);
    return out;
  }

 private:
  std::array<std::atomic<std::uint64_t>, 4> counts_{};
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
