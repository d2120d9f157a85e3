#include "capture/pcapng_secrets.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>

namespace dlp {

namespace {

constexpr std::uint32_t kSectionHeader = 0x0A0D0D0A, kDecryptionSecrets = 0x0000000A, kTlsKeyLog = 0x544c534b;
constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr std::uint32_t kMaxBlockBytes = 64u << 20;

std::uint32_t u32(const unsigned char* p, bool swap) {
  const std::uint32_t v =
      std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[3]} << 24;
  return swap ? __builtin_bswap32(v) : v;
}

}  // namespace

// Each block is its type, its total length, then at least 4 bytes (the
// section header's byte-order magic, a secrets block's type).
std::string pcapng_tls_secrets(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return {};  // a pipe is read once, by the capture
  std::ifstream in(path, std::ios::binary);
  std::string secrets;
  bool swap = false, first = true;
  std::array<unsigned char, 12> head{};
  while (in.read(reinterpret_cast<char*>(head.data()), head.size())) {
    if (u32(head.data(), false) == kSectionHeader)
      swap = u32(head.data() + 8, false) != kByteOrderMagic;
    else if (first)
      break;  // not pcapng
    first = false;
    const std::uint32_t type = u32(head.data(), swap), length = u32(head.data() + 4, swap);
    if (length < 16 || length % 4 != 0 || length > kMaxBlockBytes) break;
    if (type != kDecryptionSecrets || u32(head.data() + 8, swap) != kTlsKeyLog) {
      in.seekg(length - head.size(), std::ios::cur);
      continue;
    }
    std::string body(length - head.size(), '\0');  // the secrets' length, the secrets, padding, the length again
    if (!in.read(body.data(), static_cast<std::streamsize>(body.size()))) break;
    const std::uint32_t size = u32(reinterpret_cast<const unsigned char*>(body.data()), swap);
    if (size > body.size() - 8) break;
    secrets.append(body, 4, size).push_back('\n');
  }
  return secrets;
}

}  // namespace dlp
