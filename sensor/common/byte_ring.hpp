#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>

#include "common/byte_span.hpp"

namespace dlp {

// Keeps the last ring.size() bytes of a stream in `ring`, byte `off` of the
// stream at ring[off % size]: writes the tail of `data`, which starts at
// stream offset `at`, in at most two copies.
inline void write_ring(std::span<std::uint8_t> ring, std::uint64_t at, ByteSpan data) {
  if (ring.empty()) return;
  const ByteSpan tail = data.size() > ring.size() ? data.last(ring.size()) : data;
  const std::size_t start = (at + (data.size() - tail.size())) % ring.size();
  const std::size_t first = std::min(tail.size(), ring.size() - start);
  std::memcpy(ring.data() + start, tail.data(), first);
  std::memcpy(ring.data(), tail.data() + first, tail.size() - first);
}

}  // namespace dlp
