#pragma once
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "dispatch/packet_ring.hpp"
#include "worker.hpp"

namespace dlp {

class JsonWriter;

struct WorkerPoolStats {
  std::uint64_t ring_full = 0;  // packets that found their worker's ring full (waited offline, dropped live)
  std::uint64_t dropped = 0;    // of those, dropped (live capture)
};

// Several workers, each a thread that owns its flows end to end (flow
// table, reassembly, application decoders, Hyperscan streams and scratch).
// The capture thread sends each packet to one worker through a ring: the
// worker of the packet's inside host when one end is in the home network
// (so one worker sees all of a host's flows: its host summary, an FTP
// control connection and its data connections), else of its address pair;
// both are the same for both directions and for every fragment of a
// datagram. The flow, reassembly and defragmentation memory caps are
// shared out evenly. One worker runs on the capture thread itself. A ring holds 8,192
// packets; its slots keep buffers of up to 16 KiB between packets.
class WorkerPool {
 public:
  WorkerPool(const SensorConfig& config, const HomeNetwork& home, Engine engine, Worker::AlertHandler on_alert,
             Worker::MessageLog message_log, unsigned workers);
  ~WorkerPool();

  void process(const RawPacket& raw);
  void advance(Timestamp now);
  // New flows are inspected with `engine` (each worker switches between packets).
  void reload(Engine engine);
  // End of input: every flow reports, the threads end.
  void finish();
  // Every worker's counters summed, and each worker's own under "workers".
  void write_stats(JsonWriter& w);

 private:
  struct Lane {
    Lane(SensorConfig config, std::size_t ring_slots) : config(std::move(config)), ring(ring_slots) {}
    SensorConfig config;  // with its share of the memory caps
    std::unique_ptr<Worker> worker;
    PacketRing ring;
    std::thread thread;
    std::string stats;  // written by the worker when asked
  };
  std::size_t lane_of(const RawPacket& raw);
  // The next free slot of `lane`'s ring; nullptr when full and dropping.
  RingItem* slot(Lane& lane);
  void send_to_all(RingItem::Kind kind, Timestamp ts, const Engine& engine = nullptr);
  void run(Lane& lane);

  const HomeNetwork& home_;
  PacketDecoder addresses_;  // reads only the addresses, to choose the worker
  bool drop_when_full_;
  std::vector<std::unique_ptr<Lane>> lanes_;
  std::atomic<bool> done_{false};
  Timestamp last_tick_;
  WorkerPoolStats stats_;
  std::mutex stats_mutex_;
  std::condition_variable stats_written_;
  std::size_t stats_pending_ = 0;
};

}  // namespace dlp
