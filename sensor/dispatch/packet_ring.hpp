#pragma once
#include <atomic>
#include <cstdint>
#include <vector>

#include "capture/raw_packet.hpp"
#include "detect/signatures/detection_engine.hpp"

namespace dlp {

// What the dispatcher hands a worker: a packet (its bytes copied), the
// capture clock moving on without one, a request to write its stats, or a
// reloaded detection engine.
struct RingItem {
  enum class Kind : std::uint8_t { packet, advance, stats, reload };
  Kind kind = Kind::packet;
  Timestamp ts;
  int linktype = 0;
  std::uint32_t wire_length = 0;
  std::vector<std::uint8_t> bytes;  // capacity kept from item to item
  Engine engine;                    // for reload
  RawPacket packet() const { return {ts, linktype, ByteSpan(bytes), wire_length}; }
};

// A bounded single-producer, single-consumer queue: the capture thread
// pushes, one worker pops. Slots are reused, so their buffers are
// allocated once.
class PacketRing {
 public:
  explicit PacketRing(std::size_t capacity) : slots_(capacity) {}
  // The slot to fill next, or nullptr when the ring is full.
  RingItem* producer_slot() {
    const auto head = head_.load(std::memory_order_relaxed);
    if (head - tail_.load(std::memory_order_acquire) == slots_.size()) return nullptr;
    return &slots_[head % slots_.size()];
  }
  void publish() { head_.store(head_.load(std::memory_order_relaxed) + 1, std::memory_order_release); }
  // The oldest item, or nullptr when the ring is empty.
  RingItem* consumer_slot() {
    const auto tail = tail_.load(std::memory_order_relaxed);
    if (tail == head_.load(std::memory_order_acquire)) return nullptr;
    return &slots_[tail % slots_.size()];
  }
  void release() { tail_.store(tail_.load(std::memory_order_relaxed) + 1, std::memory_order_release); }

 private:
  std::vector<RingItem> slots_;
  alignas(64) std::atomic<std::uint64_t> head_{0};
  alignas(64) std::atomic<std::uint64_t> tail_{0};
};

}  // namespace dlp
