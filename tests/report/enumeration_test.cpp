#include "report/enumeration.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

namespace dlp {
namespace {

bool walks(const std::vector<std::uint64_t>& numbers) {
  EnumerationTracker t;
  for (auto n : numbers) t.add(n);
  return t.walks();
}

std::vector<std::uint64_t> range(std::uint64_t first, std::size_t n, std::uint64_t step = 1) {
  std::vector<std::uint64_t> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = first + i * step;
  return out;
}

TEST(Enumeration, ARisingRunWalks) {
  EXPECT_TRUE(walks(range(100001, 2000)));
  EXPECT_TRUE(walks(range(5000, 30, 7)));  // every seventh record
  EXPECT_FALSE(walks(range(100001, 19)));  // too few to tell
}

TEST(Enumeration, AShuffledRangeWalks) {
  auto numbers = range(1, 2000);
  std::shuffle(numbers.begin(), numbers.end(), std::mt19937(7));
  EXPECT_TRUE(walks(numbers));
}

TEST(Enumeration, SparseIdsDoNot) {
  std::mt19937_64 rng(11);
  std::vector<std::uint64_t> numbers(300);
  for (auto& n : numbers) n = 100000 + rng() % 1'000'000'000;
  EXPECT_FALSE(walks(numbers));
  EXPECT_FALSE(walks(range(1000, 300, 1000)));               // evenly far apart
  EXPECT_FALSE(walks(std::vector<std::uint64_t>(500, 42)));  // one profile, asked again and again
}

TEST(Enumeration, TwoInterleavedScrapersWalk) {
  std::vector<std::uint64_t> numbers;
  for (std::uint64_t i = 0; i < 500; ++i) {
    numbers.push_back(100001 + i);
    numbers.push_back(900001 + 3 * i);
  }
  EXPECT_TRUE(walks(numbers));
}

TEST(Enumeration, ManyNumbersStillCountPastTheKeptOnes) {
  EnumerationTracker t;
  for (std::uint64_t n = 1; n <= 3 * EnumerationTracker::kMaxNumbers; n += 50) t.add(n);  // none a neighbour
  for (std::uint64_t n = 1'000'000; n < 1'000'000 + 2 * EnumerationTracker::kMaxNumbers; ++n) t.add(n);
  EXPECT_EQ(t.distinct(), 3 * EnumerationTracker::kMaxNumbers / 50 + 1 + 2 * EnumerationTracker::kMaxNumbers);
}

}  // namespace
}  // namespace dlp
