#pragma once
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "capture/packet_source.hpp"
#include "dispatch/packet_ring.hpp"
#include "worker.hpp"
#include "worker_stats.hpp"

namespace dlp {

class StatsWriter;

struct WorkerPoolStats {
  std::uint64_t ring_full = 0;  // packets that found their worker's ring full (waited offline, dropped live)
  std::uint64_t dropped = 0;    // of those, dropped (live capture)
};

// Several workers, each a thread that owns its flows end to end (flow
// table, reassembly, application decoders, Hyperscan streams and scratch).
// A packet belongs to the worker of host_hash(): its inside host's (a
// workstation's rather than a server's), so that one worker sees all of a
// host's flows (its summaries, an FTP control connection and its data
// connections), else its address pair's. One worker runs on the capture thread itself.
//
// Three ways to get packets there (Feed):
// - sockets: with AF_PACKET fanout (a live capture on Linux) every worker
//   reads its own socket, and the kernel chooses by the same hash;
// - files: every worker reads the capture files itself and keeps its share,
//   which costs a second read of data that is in the page cache instead of
//   a copy through a ring, and keeps the workers' loads even;
// - rings: the capture thread sends each packet through the worker's ring
//   of 8,192 packets (its slots keep buffers of up to 16 KiB between
//   packets).
// The flow, reassembly and defragmentation memory caps are shared out evenly.
class WorkerPool {
 public:
  enum class Feed { rings, sockets, files };

  // `sources`: the packet sources of workers 1 to N-1 (the capture thread
  // reads worker 0's): fanout sockets, or the same files again; none for rings.
  WorkerPool(const SensorConfig& config, const NetworkRoles& roles, Engine engine, Worker::AlertHandler on_alert,
             TransactionLogs logs, unsigned workers, std::vector<std::unique_ptr<PacketSource>> sources = {});
  ~WorkerPool();

  void process(const RawPacket& raw);
  void advance(Timestamp now);
  // New flows are inspected with `engine` (each worker switches between packets).
  void reload(Engine engine);
  // The capture thread's input ended (or it was told to stop: `interrupted`):
  // every flow reports, the threads end. Workers that read the files
  // themselves read them to the end unless interrupted.
  void finish(bool interrupted);
  // Every worker's counters summed (with the capture counters of `source`
  // and of the fanout sockets), and each worker's own under "workers".
  void write_stats(StatsWriter& w, const PacketSource& source);
  // The fanout sockets' errors, once finished (a worker reading the files
  // meets the capture thread's errors again: they are not repeated).
  std::vector<std::string> capture_errors() const;

 private:
  struct Lane {
    Lane(std::size_t index, SensorConfig config, std::size_t ring_slots);
    std::size_t index;
    SensorConfig config;      // with its share of the memory caps
    PacketDecoder addresses;  // reads only the addresses, to choose the lane of what this lane's thread reads
    std::unique_ptr<Worker> worker;
    PacketRing ring;
    std::thread thread;
    WorkerStats stats;                     // taken by the worker when asked
    std::optional<CaptureCounts> capture;  // of its fanout socket
    std::unique_ptr<PacketSource> source;  // its fanout socket or its own reading of the files
    bool capturing = false;
    Timestamp last_tick;  // Feed::files: the clock of the packets it passed over
  };
  // The lane of `raw`'s host hash, read by `reader`'s thread.
  std::size_t lane_of(const RawPacket& raw, Lane& reader) const;
  // Feed::files: `lane` works `raw` if it is its own, else only sees its time.
  void keep_own(Lane& lane, const RawPacket& raw);
  // The next free slot of `lane`'s ring; nullptr when full and dropping.
  RingItem* slot(Lane& lane);
  void send_to_all(RingItem::Kind kind, Timestamp ts, const Engine& engine = nullptr);
  void run(Lane& lane);
  void take(Lane& lane, RingItem& item);
  void capture(Lane& lane, RawPacket& raw);
  // Its worker's counters, and those of its fanout socket.
  void take_stats(Lane& lane);
  // Each worker's own counters, from its last stats.
  void write_lanes(StatsWriter& w) const;

  const NetworkRoles& roles_;
  bool drop_when_full_;
  Feed feed_;
  std::vector<std::unique_ptr<Lane>> lanes_;
  std::atomic<bool> done_{false};
  std::atomic<bool> stop_sources_{false};  // lanes stop reading their own sources
  Timestamp last_tick_;
  WorkerPoolStats stats_;
  std::mutex stats_mutex_;
  std::condition_variable stats_written_;
  std::size_t stats_pending_ = 0;
};

}  // namespace dlp
