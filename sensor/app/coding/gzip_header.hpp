#pragma once
#include <cstdint>

#include "common/byte_span.hpp"

namespace dlp {

// Reads a gzip member's header (RFC 1952 2.3) as its bytes arrive, as
// browsers read it: reserved flag bits and the header CRC are not checked
// (zlib refuses both, and HTTP-Evader hides content behind them).
class GzipHeader {
 public:
  enum class State { reading, done, not_gzip };

  // Takes header bytes from the front of `in`; returns how many.
  std::size_t read(ByteSpan in);
  State state() const { return state_; }

 private:
  enum Flag : std::uint8_t { kExtra = 4, kName = 8, kComment = 16, kHeaderCrc = 2 };
  enum class Part { fixed, extra_length, extra, name, comment, crc };
  // The part after `part_`, given the flags.
  void next_part();

  State state_ = State::reading;
  Part part_ = Part::fixed;
  std::uint8_t flags_ = 0;
  std::size_t seen_ = 0;   // bytes of the current part
  std::size_t extra_ = 0;  // the extra field's length
};

}  // namespace dlp
