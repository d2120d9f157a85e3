#include <gtest/gtest.h>

#include <filesystem>

#include "e2e/sensor_run.hpp"

namespace dlp::test {
namespace {

// Replays a capture with --dump-streams and returns the directory.
std::string dump(const std::string& pcap) {
  std::string dir = temp_dir() + "/streams";
  std::filesystem::create_directories(dir);
  auto run = run_sensor({"--read", pcap, "--dump-streams", dir, "--alert-output", "/dev/null"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return dir;
}

TEST(StreamDump, ExactOverlapKeepsFirstData) {
  std::string dir = dump(bundled("sv_tcp-exact-overlap.pcap"));
  EXPECT_NE(read_file(dir + "/1-c2s.bin").find("GOOD"), std::string::npos);
  EXPECT_EQ(read_file(dir + "/1-c2s.bin").find("EVIL"), std::string::npos);
}

TEST(StreamDump, PartialOverlapKeepsFirstData) {
  std::string dir = dump(bundled("sv_tcp-partial-overlap.pcap"));
  EXPECT_NE(read_file(dir + "/1-c2s.bin").find("GOOD"), std::string::npos);
  EXPECT_EQ(read_file(dir + "/1-c2s.bin").find("XXX"), std::string::npos);
}

TEST(StreamDump, GapIsSkippedAndReported) {
  std::string dir = dump(bundled("sv_tcp-data-gap.pcap"));
  EXPECT_EQ(read_file(dir + "/1-c2s.bin"), "VERYDATA");
  // index.tsv: name, sender, port, receiver, port, bytes, gaps, dropped
  EXPECT_NE(read_file(dir + "/index.tsv").find("1-c2s\t"), std::string::npos);
  EXPECT_NE(read_file(dir + "/index.tsv").find("\t8\t1\t0\n"), std::string::npos) << read_file(dir + "/index.tsv");
}

// Data on a SYN counts with a TCP Fast Open cookie (suricata-verify
// tcp-fastopen-01), and not without one (zeek payload-syn).
TEST(StreamDump, SynDataOnlyWithFastOpen) {
  std::string tfo = dump(bundled("sv_tcp-fastopen.pcap"));
  EXPECT_EQ(read_file(tfo + "/1-c2s.bin").rfind("GET /index.php HTTP/1.0\r\n", 0), 0u);
  std::string plain = dump(bundled("zeek_payload-syn.pcap"));
  EXPECT_EQ(read_file(plain + "/1-c2s.bin"), "");
}

// PcapPlusPlus's expected bytes for each direction of an HTTP connection
// with reordered and retransmitted segments.
TEST(StreamDump, MatchesPcapPlusPlusGroundTruth) {
  std::string dir = dump(bundled("ppp_tcp-reassembly.pcap"));
  EXPECT_EQ(read_file(dir + "/1-c2s.bin"), read_file(bundled("expected/ppp_tcp-reassembly.c2s.txt")));
  EXPECT_EQ(read_file(dir + "/1-s2c.bin"), read_file(bundled("expected/ppp_tcp-reassembly.s2c.txt")));
}

}  // namespace
}  // namespace dlp::test
