#pragma once
// What the analyzer harnesses share: an input read as one connection's
// session of pieces, each a byte (its direction in the low bit, a hole
// when bit 1 is set, its length in the rest, times 37) then its bytes; a
// piece may cut a message anywhere. The analyzer must never read outside
// a message, hang or grow past `max_memory`.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "app/analyzer.hpp"
#include "app/content_sink.hpp"

namespace dlp::fuzz {

struct Discard final : ContentSink {
  void begin(const ContentContext&) override {}
  void data(ByteSpan) override {}
  void end() override {}
  void truncated() override {}
};

inline void play_session(Analyzer& analyzer, const std::uint8_t* data, std::size_t size, std::size_t max_memory) {
  Discard sink[2];
  for (std::size_t at = 0; at < size;) {
    const std::uint8_t head = data[at++];
    const int dir = head & 1;
    const std::size_t length = std::min<std::size_t>(size - at, (head >> 2) * 37u + 1);
    if (head & 2) analyzer.undelivered(dir, sink[dir]);
    analyzer.deliver(dir, {data + at, length}, sink[dir]);
    at += length;
    if (analyzer.memory_bytes() > max_memory) __builtin_trap();
  }
  analyzer.end_of_stream(0, sink[0]);
  analyzer.end_of_stream(1, sink[1]);
  ConnectionFacts facts;
  analyzer.describe(0, facts);
}

}  // namespace dlp::fuzz
