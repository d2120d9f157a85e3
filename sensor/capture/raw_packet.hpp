#pragma once
#include <cstdint>

#include "common/byte_span.hpp"
#include "common/timestamp.hpp"

namespace dlp {

// One captured frame as libpcap hands it over; `data` is valid until the
// source delivers the next packet.
struct RawPacket {
  Timestamp ts;
  int linktype = 0;  // DLT_* value
  ByteSpan data;     // the captured bytes (caplen)
  std::uint32_t wire_length = 0;
};

}  // namespace dlp
