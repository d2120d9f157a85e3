#pragma once
#include <cstdint>
#include <string>

#include "common/byte_span.hpp"

namespace dlp {

// Collects one stream direction's delivered bytes for --dump-streams, which
// lets tests compare reassembly with an independent implementation (tshark).
// Bounded: bytes past the limit are counted, not kept.
class StreamDump {
 public:
  static constexpr std::size_t kMaxBytes = 64u << 20;

  void on_data(ByteSpan data);
  void on_gap(std::uint64_t length) { gaps_ += length > 0; }

  // Writes the bytes to DIR/NAME.bin and one line to DIR/index.tsv.
  void save(const std::string& dir, const std::string& name, const std::string& index_line) const;

 private:
  std::string bytes_;
  std::uint64_t dropped_ = 0;
  std::uint64_t gaps_ = 0;
};

}  // namespace dlp
