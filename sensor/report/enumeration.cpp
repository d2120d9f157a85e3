#include "report/enumeration.hpp"

namespace dlp {

void EnumerationTracker::add(std::uint64_t n) {
  if (seen_.count(n)) return;
  ++distinct_;
  for (std::uint64_t below = 1; below <= kStep && below <= n; ++below)
    if (seen_.count(n - below)) {
      ++successors_;
      break;
    }
  if (seen_.size() < kMaxNumbers) seen_.insert(n);
}

}  // namespace dlp
