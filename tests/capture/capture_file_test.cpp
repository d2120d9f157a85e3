#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <thread>

#include "capture/packet_source.hpp"
#include "common/sha256.hpp"

namespace dlp::test {
namespace {

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A replay's evidence: the file's SHA-256 and size, whether it is a file
// (hashed by a thread behind the reader) or a pipe (hashed as it is read),
// and the pipe's wait is tended until its writer sends.
TEST(CaptureFile, EvidenceOfAFileAndOfAPipe) {
  const std::string demo = DLP_SOURCE_DIR "/pcaps/demo.pcap";
  const std::string bytes = bytes_of(demo);
  Sha256 hash;
  hash.update(bytes.data(), bytes.size());
  const std::string want = hash.hex();
  const std::string fifo = ::testing::TempDir() + "capture_file_test.pipe";
  ::unlink(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] {
    std::FILE* out = std::fopen(fifo.c_str(), "wb");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the reader waits meanwhile
    std::fwrite(bytes.data(), 1, bytes.size(), out);
    std::fclose(out);
  });
  CaptureConfig config;
  config.read_files = {demo, fifo};
  PacketSource source(config);
  source.keep_evidence();
  int waits = 0;
  source.on_wait([&] { return ++waits, false; });
  RawPacket raw;
  int packets = 0;
  while (source.next(raw) == PacketSource::Status::packet) ++packets;
  writer.join();
  ::unlink(fifo.c_str());
  EXPECT_EQ(packets, 2 * 19);
  EXPECT_GE(waits, 1);
  ASSERT_EQ(source.evidence().size(), 2u);
  for (const EvidenceFile& e : source.evidence()) {
    EXPECT_EQ(e.sha256, want) << e.name;
    EXPECT_EQ(e.size, bytes.size()) << e.name;
    EXPECT_EQ(e.packets, 19u) << e.name;
  }
  EXPECT_TRUE(source.errors().empty());
}

}  // namespace
}  // namespace dlp::test
