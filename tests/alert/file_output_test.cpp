#include "alert/file_output.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "e2e/sensor_run.hpp"

namespace dlp {
namespace {

namespace fs = std::filesystem;

// After logrotate moved the file away, a reopen starts a new one by name.
TEST(FileOutput, ReopenStartsANewFileByName) {
  const std::string path = test::temp_dir() + "/alerts.json";
  FileOutput out(path);
  ASSERT_TRUE(out.ok()) << out.error();
  out.write("first");
  fs::rename(path, path + ".1");
  EXPECT_EQ(out.reopen(), "");
  out.write("second");
  out.close();
  EXPECT_EQ(test::read_file(path + ".1"), "first\n");
  EXPECT_EQ(test::read_file(path), "second\n");
}

// A reopen that fails (here the name is now a directory) must not lose the
// alerts: they go on into the file already open, and the reason is returned.
TEST(FileOutput, FailedReopenKeepsTheOpenFile) {
  const std::string path = test::temp_dir() + "/alerts.json";
  FileOutput out(path);
  out.write("first");
  fs::rename(path, path + ".1");
  fs::create_directory(path);
  EXPECT_EQ(out.reopen(), path + ": Is a directory; alerts go on into the file already open");
  out.write("second");
  out.close();
  EXPECT_EQ(test::read_file(path + ".1"), "first\nsecond\n");
}

}  // namespace
}  // namespace dlp
