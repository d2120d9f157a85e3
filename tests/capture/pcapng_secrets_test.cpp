#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "capture/pcapng_secrets.hpp"

namespace dlp::pcapng_test {

std::string u32(std::uint32_t v) {
  return {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16), static_cast<char>(v >> 24)};
}

std::string block(std::uint32_t type, const std::string& body) {
  const auto length = static_cast<std::uint32_t>(12 + body.size());
  return u32(type) + u32(length) + body + u32(length);
}

std::string section() { return block(0x0A0D0D0A, u32(0x1A2B3C4D) + std::string(12, '\xff')); }

std::string secrets(const std::string& text) {
  std::string padded = text;
  padded.resize((text.size() + 3) / 4 * 4, '\0');
  return block(0x0000000A, u32(0x544c534b) + u32(static_cast<std::uint32_t>(text.size())) + padded);
}

std::string written(const std::string& name, const std::string& bytes) {
  const auto path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

TEST(PcapngSecrets, KeyLogLinesOfEachBlockUntilOneMakesNoSense) {
  const std::string packet = block(6, std::string(24, 'p'));
  const auto path = written("secrets.pcapng", section() + secrets("CLIENT_RANDOM a b") + packet +
                                                  secrets("SERVER_TRAFFIC_SECRET_0 c d") + u32(6) + u32(7) + "x");
  EXPECT_EQ(pcapng_tls_secrets(path), "CLIENT_RANDOM a b\nSERVER_TRAFFIC_SECRET_0 c d\n");
  const auto bogus = written("bogus.pcapng", section() + u32(0x0000000A) + u32(0x7fffffff) + u32(0x544c534b));
  EXPECT_EQ(pcapng_tls_secrets(bogus), "");
  const auto pcap = written("plain.pcap", u32(0xa1b2c3d4) + std::string(20, '\0'));
  EXPECT_EQ(pcapng_tls_secrets(pcap), "");
  EXPECT_EQ(pcapng_tls_secrets("/nonexistent.pcapng"), "");
  std::filesystem::remove(path);
  std::filesystem::remove(bogus);
  std::filesystem::remove(pcap);
}

}  // namespace dlp::pcapng_test
