#include "progress_line.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <sys/stat.h>

namespace dlp {

void AlertTally::count(const Alert& a) {
  std::size_t event = 0;
  while (event + 1 < kEventCount && kEvents[event] != a.event) ++event;
  counts_[event][static_cast<int>(a.severity)].fetch_add(1, std::memory_order_relaxed);
}

std::array<std::uint64_t, 4> AlertTally::read() const {
  std::array<std::uint64_t, 4> out{};
  for (const auto& event : counts_)
    for (int i = 0; i < 4; ++i) out[i] += event[i].load(std::memory_order_relaxed);
  return out;
}

namespace {

std::string size_text(double bytes) {
  static constexpr const char* kUnits[] = {"B", "KB", "MB", "GB", "TB"};
  int unit = 0;
  while (bytes >= 1000 && unit < 4) bytes /= 1000, ++unit;
  return fmt::format("{:.1f} {}", bytes, kUnits[unit]);
}

std::string duration_text(double seconds) {
  const auto s = static_cast<long long>(seconds + 0.5);
  return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                   : fmt::format("{}:{:02}", s / 60, s % 60);
}

// The same terminal, or the same file or pipe.
bool same_file(int a, int b) {
  struct stat sa {
  }, sb{};
  return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

}  // namespace

bool progress_wanted(bool forced_on, bool forced_off, bool alerts_to_stdout) {
  if (forced_on || forced_off) return forced_on;
  if (!isatty(STDERR_FILENO)) return false;
  return !(alerts_to_stdout && same_file(STDOUT_FILENO, STDERR_FILENO));
}

std::string ProgressLine::text(const Progress& p, double seconds) const {
  const double rate = seconds > 0 ? p.bytes / seconds : 0;
  std::string line;
  if (p.bytes_total > 0) {
    const double share = std::min(1.0, static_cast<double>(p.bytes) / p.bytes_total);
    const double left = rate > 0 ? (p.bytes_total - std::min(p.bytes, p.bytes_total)) / rate : 0;
    line = fmt::format("{:5.1f}% {} of {}, {} packets, {}/s, {} left", share * 100, size_text(p.bytes),
                       size_text(p.bytes_total), p.packets, size_text(rate), duration_text(left));
  } else {
    line = fmt::format("{} packets, {}, {}/s", p.packets, size_text(p.bytes), size_text(rate));
    if (p.live) line += fmt::format(", {} dropped by the kernel", p.drops);
  }
  return line + fmt::format(" | alerts: {} severe, {} critical, {} warning, {} info", p.alerts[3], p.alerts[2],
                            p.alerts[1], p.alerts[0]);
}

void ProgressLine::draw(const Progress& p) {
  const auto now = std::chrono::steady_clock::now();
  drawn_ = now;
  const double seconds = std::chrono::duration<double>(now - started_).count();
  // Back to the line's start, the line, and the rest of the old one erased.
  std::fprintf(out_, "\r%s\x1b[K", text(p, seconds).c_str());
  std::fflush(out_);
}

void ProgressLine::update(const Progress& p) {
  if (std::chrono::steady_clock::now() - drawn_ >= interval_) draw(p);
}

void ProgressLine::finish(const Progress& p) {
  draw(p);
  std::fputc('\n', out_);
  std::fflush(out_);
}

}  // namespace dlp
