#pragma once
#include <cstdint>
#include <string>

#include "common/timestamp.hpp"

namespace dlp {

// What a replay says of each capture file it read, for the case that uses
// it: the file's name, size and SHA-256 (of all its bytes, read once, as
// libpcap reads them), its link type, its first and last packet times and
// its packet count.
struct EvidenceFile {
  std::string name;
  std::uint64_t size = 0;
  std::string sha256;
  std::string linktype;
  Timestamp first, last;
  std::uint64_t packets = 0;
};

}  // namespace dlp
