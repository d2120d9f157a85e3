#pragma once
#include <cstdint>
#include <unordered_set>

namespace dlp {

// Whether one receiver's requests walk an ID space: of the distinct numbers
// seen at one place of one request template, how many came after a smaller
// neighbour (one of the kStep below it seen before). A scraper's rising
// run does, so do two scrapers' runs interleaved behind one proxy and a
// shuffled range; a busy client's scattered IDs do not.
class EnumerationTracker {
 public:
  static constexpr std::size_t kMaxNumbers = 4096;  // kept to look back at; more are still counted
  static constexpr std::uint64_t kStep = 16;
  static constexpr std::uint64_t kMinNumbers = 20;

  void add(std::uint64_t n);
  // At least kMinNumbers distinct numbers, half of them after a neighbour.
  bool walks() const { return distinct_ >= kMinNumbers && 2 * successors_ >= distinct_; }
  std::uint64_t distinct() const { return distinct_; }
  std::size_t memory_bytes() const { return seen_.bucket_count() * sizeof(void*) + seen_.size() * 24; }

 private:
  std::unordered_set<std::uint64_t> seen_;
  std::uint64_t distinct_ = 0, successors_ = 0;
};

}  // namespace dlp
