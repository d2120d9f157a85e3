#pragma once
#include <cstdint>
#include <vector>

namespace dlp {

// Where the keywords of each category were last seen in a stream, and which
// keyword came last. Keywords are seen in stream order (the scanner resolves
// matches by where they end), so "last seen" is "nearest before" for any
// value resolved after it.
class KeywordContext {
 public:
  explicit KeywordContext(std::size_t categories) : last_end_(categories, kNever) {}

  void seen(std::size_t category, std::uint64_t end, std::uint16_t length) {
    last_end_[category] = end;
    // Of two keywords ending together (号码 in 手机号码) the longer one wins.
    if (end == nearest_end_ && length < nearest_length_) return;
    nearest_category_ = category;
    nearest_end_ = end;
    nearest_length_ = length;
  }
  // A keyword of `category` ended within `reach` bytes before `start`.
  bool near(std::size_t category, std::uint64_t start, std::uint64_t reach) const {
    std::uint64_t end = last_end_[category];
    return end != kNever && end <= start && start - end <= reach;
  }
  // The nearest keyword before `start`, within `reach`, is of `category`.
  bool nearest_is(std::size_t category, std::uint64_t start, std::uint64_t reach) const {
    return nearest_category_ == category && near(category, start, reach);
  }
  std::size_t memory_bytes() const { return last_end_.capacity() * sizeof(std::uint64_t); }

 private:
  static constexpr std::uint64_t kNever = ~std::uint64_t{0};
  std::vector<std::uint64_t> last_end_;  // by category index
  std::size_t nearest_category_ = ~std::size_t{0};
  std::uint64_t nearest_end_ = kNever;
  std::uint16_t nearest_length_ = 0;
};

}  // namespace dlp
