#pragma once
#include <cstdint>

#include "common/byte_span.hpp"
#include "common/flow_key.hpp"
#include "common/timestamp.hpp"

namespace dlp {

namespace tcp_flag {
constexpr std::uint8_t fin = 0x01, syn = 0x02, rst = 0x04, psh = 0x08, ack = 0x10;
}

constexpr std::uint8_t kProtoTcp = 6;
constexpr std::uint8_t kProtoUdp = 17;

// A packet decoded down to its transport header. `payload` views either the
// captured frame or, for a reassembled IP datagram, the defragmenter's buffer;
// both stay valid until the next packet is decoded.
struct DecodedPacket {
  Timestamp ts;
  Endpoint src, dst;
  std::uint8_t proto = 0;
  std::uint32_t seq = 0, ack = 0;
  std::uint8_t tcp_flags = 0;
  bool tcp_fast_open = false;  // SYN carrying a TFO cookie option
  ByteSpan payload;

  bool has(std::uint8_t flag) const { return (tcp_flags & flag) != 0; }
};

}  // namespace dlp
