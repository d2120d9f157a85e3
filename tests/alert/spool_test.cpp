#include "alert/spool.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "e2e/sensor_run.hpp"

namespace dlp {
namespace {

namespace fs = std::filesystem;

std::string message(int i) { return "alert " + std::to_string(i) + std::string(1000, 'x'); }

// Everything in the spool, oldest first, delivered in batches.
std::vector<std::string> drain(Spool& spool) {
  std::vector<std::string> all, batch;
  while (!spool.empty()) {
    spool.peek(batch, 64 * 1024, 100);
    if (batch.empty()) break;
    all.insert(all.end(), batch.begin(), batch.end());
    spool.pop(batch.size());
  }
  return all;
}

std::size_t files_in(const std::string& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.path().extension() == ".spool";
  return n;
}

TEST(Spool, KeepsOrderAcrossSegmentsAndRestarts) {
  std::string dir = test::temp_dir() + "/spool";
  {
    Spool spool(dir, 1 << 30);
    std::string error, warning;
    ASSERT_TRUE(spool.open(error, warning)) << error;
    for (int i = 0; i < 6000; ++i) ASSERT_TRUE(spool.append(message(i)));  // 6 MB: two segments
    EXPECT_EQ(files_in(dir), 2u);
    EXPECT_EQ(spool.messages(), 6000u);
    std::vector<std::string> batch;
    spool.peek(batch, 10'000, 100);
    ASSERT_EQ(batch.size(), 10u);  // about the bytes asked for
    EXPECT_EQ(batch[0], message(0));
    spool.pop(4);
    spool.append(message(6000));
    spool.checkpoint();
  }
  Spool again(dir, 1 << 30);
  std::string error, warning;
  ASSERT_TRUE(again.open(error, warning)) << error;
  EXPECT_EQ(again.messages(), 5997u);
  again.append(message(6001));
  auto all = drain(again);
  ASSERT_EQ(all.size(), 5998u);
  for (int i = 0; i < 5998; ++i) ASSERT_EQ(all[i], message(i + 4)) << i;
  EXPECT_EQ(again.bytes(), 0u);
  EXPECT_EQ(files_in(dir), 0u);
}

TEST(Spool, AppendsWhileReadingTheOnlySegment) {
  std::string dir = test::temp_dir() + "/spool";
  Spool spool(dir, 1 << 30);
  std::string error, warning;
  ASSERT_TRUE(spool.open(error, warning));
  spool.append("a");
  std::vector<std::string> batch;
  spool.peek(batch, 1024, 100);
  spool.append("b");  // goes to a new segment: the one being read is not touched
  spool.pop(1);
  spool.peek(batch, 1024, 100);
  EXPECT_EQ(batch, std::vector<std::string>{"b"});
}

TEST(Spool, RefusesPastItsCap) {
  std::string dir = test::temp_dir() + "/spool";
  Spool spool(dir, 10'000);
  std::string error, warning;
  ASSERT_TRUE(spool.open(error, warning));
  int kept = 0;
  for (int i = 0; i < 20; ++i) kept += spool.append(message(i));
  EXPECT_EQ(kept, 9);  // 1,013-byte records
  EXPECT_EQ(spool.bytes(), 9u * 1013);
  EXPECT_LE(fs::file_size(dir + "/00000000000000000001.spool"), 10'000u);
}

TEST(Spool, CutsADamagedTailAndNamesIt) {
  std::string dir = test::temp_dir() + "/spool";
  fs::create_directories(dir);
  std::ofstream(dir + "/00000000000000000007.spool") << "3 one\n3 two\n999 trun";
  std::ofstream(dir + "/00000000000000000009.spool") << "5 three\n";
  std::ofstream(dir + "/notes.txt") << "not a segment";
  Spool spool(dir, 1 << 30);
  std::string error, warning;
  ASSERT_TRUE(spool.open(error, warning)) << error;
  EXPECT_EQ(warning,
            dir + "/00000000000000000007.spool: damaged record at byte 12; the 8 bytes from there are dropped");
  EXPECT_EQ(spool.damaged(), 1u);
  EXPECT_EQ(drain(spool), (std::vector<std::string>{"one", "two", "three"}));
}

// A segment that shrank on disk after it was counted is dropped and
// counted, and the spool goes on with the next one rather than stalling.
TEST(Spool, SegmentChangedOnDiskIsDroppedNotStuckOn) {
  std::string dir = test::temp_dir() + "/spool";
  Spool spool(dir, 1 << 30);
  std::string error, warning;
  ASSERT_TRUE(spool.open(error, warning));
  for (int i = 0; i < 5000; ++i) ASSERT_TRUE(spool.append(message(i)));  // two segments
  fs::resize_file(dir + "/00000000000000000001.spool", 0);
  auto all = drain(spool);
  EXPECT_EQ(spool.damaged(), 1u);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.front(), message(static_cast<int>(5000 - all.size())));
  EXPECT_EQ(all.back(), message(4999));
  EXPECT_TRUE(spool.empty());
}

TEST(Spool, OneSensorPerDirectory) {
  std::string dir = test::temp_dir() + "/spool";
  Spool first(dir, 1 << 30), second(dir, 1 << 30);
  std::string error, warning;
  ASSERT_TRUE(first.open(error, warning));
  EXPECT_FALSE(second.open(error, warning));
  EXPECT_EQ(error, dir + ": the spool directory is in use by another dlp-sensor");
}

}  // namespace
}  // namespace dlp
