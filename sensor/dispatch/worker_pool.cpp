#include "dispatch/worker_pool.hpp"

#include <chrono>

#include "common/json_writer.hpp"
#include "dispatch/host_hash.hpp"

namespace dlp {

namespace {

constexpr std::size_t kRingSlots = 8192;
constexpr std::size_t kSlotBytesKept = 16 << 10;  // a slot that held a bigger packet gives its buffer back
constexpr std::size_t kShares = 12;               // hash buckets per worker
constexpr std::int64_t kTickUsec = 1'000'000;     // the capture clock reaches every worker this often

// A worker's share of the sensor's memory caps.
SensorConfig share_of(SensorConfig c, std::size_t workers) {
  c.flow.memcap /= workers;
  c.reassembly.memcap /= workers;
  c.decode.defrag.memcap /= workers;
  return c;
}

// Sockets when workers have live sources of their own, files when they read
// the capture files themselves, rings when they have none.
WorkerPool::Feed feed_of(const std::vector<std::unique_ptr<PacketSource>>& sources) {
  if (sources.empty()) return WorkerPool::Feed::rings;
  return sources.front()->live() ? WorkerPool::Feed::sockets : WorkerPool::Feed::files;
}

DecodeConfig addresses_only(DecodeConfig c) {
  c.addresses_only = true;
  return c;
}

}  // namespace

WorkerPool::Lane::Lane(std::size_t index, SensorConfig config_share, std::size_t ring_slots)
    : index(index), config(std::move(config_share)), addresses(addresses_only(config.decode)), ring(ring_slots) {}

WorkerPool::WorkerPool(const SensorConfig& config, const NetworkRoles& roles, Engine engine,
                       Worker::AlertHandler on_alert, TransactionLogs logs, unsigned workers,
                       std::vector<std::unique_ptr<PacketSource>> sources)
    : roles_(roles), drop_when_full_(config.capture.read_files.empty()), feed_(feed_of(sources)) {
  for (unsigned i = 0; i < std::max(workers, 1u); ++i) {
    auto lane = std::make_unique<Lane>(i, share_of(config, std::max(workers, 1u)), i > 0 ? kRingSlots : 1);
    lane->worker = std::make_unique<Worker>(lane->config, roles, engine, on_alert, logs);
    if (i > 0 && i <= sources.size()) {
      lane->source = std::move(sources[i - 1]);
      lane->capturing = true;
    }
    lanes_.push_back(std::move(lane));
  }
  // Lane 0 is worked by the capture thread itself: N workers use N threads.
  for (std::size_t i = 1; i < lanes_.size(); ++i)
    lanes_[i]->thread = std::thread([this, l = lanes_[i].get()] { run(*l); });
}

WorkerPool::~WorkerPool() {
  stop_sources_ = true;
  done_ = true;
  for (auto& lane : lanes_)
    if (lane->thread.joinable()) lane->thread.join();
}

std::size_t WorkerPool::lane_of(const RawPacket& raw, Lane& reader) const {
  DecodedPacket p;
  reader.addresses.decode(raw, p);
  const std::uint32_t h = host_hash(p.src.ip, p.dst.ip, roles_);
  if (feed_ == Feed::files) return h % lanes_.size();
  // With rings, lane 0 also reads the capture and feeds the rings: it takes
  // one share in kShares less than the others.
  const std::size_t bucket = static_cast<std::size_t>(h % (lanes_.size() * kShares - 1));
  return bucket < kShares - 1 ? 0 : 1 + (bucket - (kShares - 1)) / kShares;
}

void WorkerPool::keep_own(Lane& lane, const RawPacket& raw) {
  if (lane_of(raw, lane) == lane.index) {
    lane.worker->process(raw);
  } else if (raw.ts.usec - lane.last_tick.usec >= kTickUsec) {
    // Other lanes' packets still move this lane's clock, so its flows time out.
    lane.last_tick = raw.ts;
    lane.worker->advance(raw.ts);
  }
}

RingItem* WorkerPool::slot(Lane& lane) {
  RingItem* item = lane.ring.producer_slot();
  if (item) return item;
  ++stats_.ring_full;
  if (drop_when_full_) {
    ++stats_.dropped;
    return nullptr;
  }
  // A file waits for its workers: a replay must not lose packets.
  while (!(item = lane.ring.producer_slot())) std::this_thread::yield();
  return item;
}

void WorkerPool::process(const RawPacket& raw) {
  if (feed_ == Feed::files) return keep_own(*lanes_[0], raw);
  const std::size_t index = lanes_.size() == 1 || feed_ == Feed::sockets ? 0 : lane_of(raw, *lanes_[0]);
  if (index == 0) {
    lanes_[0]->worker->process(raw);
  } else if (RingItem* item = slot(*lanes_[index])) {
    Lane& lane = *lanes_[index];
    item->kind = RingItem::Kind::packet;
    item->ts = raw.ts;
    item->linktype = raw.linktype;
    item->wire_length = raw.wire_length;
    item->bytes.assign(raw.data.begin(), raw.data.end());
    lane.ring.publish();
  }
  // Workers without traffic still see the clock move, so their flows time out
  // (a fanout worker keeps its own clock).
  if (lanes_.size() > 1 && feed_ == Feed::rings && raw.ts.usec - last_tick_.usec >= kTickUsec) {
    last_tick_ = raw.ts;
    send_to_all(RingItem::Kind::advance, raw.ts);
  }
}

void WorkerPool::advance(Timestamp now) {
  if (feed_ != Feed::rings)
    lanes_[0]->worker->advance(now);
  else
    send_to_all(RingItem::Kind::advance, now);
}

void WorkerPool::reload(Engine engine) { send_to_all(RingItem::Kind::reload, {}, engine); }

// Lane 0 acts at once; the others when they reach the item.
void WorkerPool::send_to_all(RingItem::Kind kind, Timestamp ts, const Engine& engine) {
  if (kind == RingItem::Kind::advance) lanes_[0]->worker->advance(ts);
  if (kind == RingItem::Kind::reload) lanes_[0]->worker->reload(engine);
  for (std::size_t i = 1; i < lanes_.size(); ++i) {
    Lane* lane = lanes_[i].get();
    // Control items wait for room even live: they carry no traffic.
    RingItem* item;
    while (!(item = lane->ring.producer_slot())) std::this_thread::sleep_for(std::chrono::microseconds(20));
    item->kind = kind;
    item->ts = ts;
    item->engine = engine;
    lane->ring.publish();
  }
}

void WorkerPool::run(Lane& lane) {
  int idle = 0;
  RawPacket raw;
  for (;;) {
    if (RingItem* item = lane.ring.consumer_slot()) {
      take(lane, *item);
      lane.ring.release();
      idle = 0;
    } else if (lane.capturing && !stop_sources_.load(std::memory_order_relaxed)) {
      capture(lane, raw);
    } else if (done_.load(std::memory_order_acquire)) {
      if (!lane.ring.consumer_slot()) break;
    } else if (++idle > 64) {
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    } else {
      std::this_thread::yield();
    }
  }
  if (lane.source) lane.source->update_stats();
  lane.worker->finish();
}

void WorkerPool::take(Lane& lane, RingItem& item) {
  switch (item.kind) {
    case RingItem::Kind::packet:
      lane.worker->process(item.packet());
      if (item.bytes.capacity() > kSlotBytesKept) std::vector<std::uint8_t>().swap(item.bytes);
      break;
    case RingItem::Kind::advance: lane.worker->advance(item.ts); break;
    case RingItem::Kind::reload:
      lane.worker->reload(std::move(item.engine));
      item.engine.reset();
      break;
    case RingItem::Kind::stats: {
      take_stats(lane);
      std::lock_guard lock(stats_mutex_);
      --stats_pending_;
      stats_written_.notify_all();
      break;
    }
  }
}

// A fanout worker reads its own socket, and runs its flows' clock on the
// wall clock while the link is idle (next() waits at most 200 ms, so ring
// items are not kept waiting longer). A worker reading the files keeps its
// share of them.
void WorkerPool::capture(Lane& lane, RawPacket& raw) {
  switch (lane.source->next(raw)) {
    case PacketSource::Status::packet:
      if (feed_ == Feed::files)
        keep_own(lane, raw);
      else
        lane.worker->process(raw);
      break;
    case PacketSource::Status::idle: lane.worker->advance(Timestamp::now()); break;
    case PacketSource::Status::done: lane.capturing = false; break;
  }
}

void WorkerPool::finish(bool interrupted) {
  // A fanout socket never ends by itself.
  stop_sources_ = interrupted || feed_ == Feed::sockets;
  // Every lane's flows report at once.
  done_ = true;
  lanes_[0]->worker->finish();
  for (std::size_t i = 1; i < lanes_.size(); ++i) lanes_[i]->thread.join();
}

void WorkerPool::take_stats(Lane& lane) {
  lane.stats = lane.worker->stats();
  if (lane.source && feed_ == Feed::sockets) {
    lane.source->update_stats();
    lane.capture = lane.source->counts();
  }
}

void WorkerPool::write_stats(StatsWriter& w, const PacketSource& source) {
  if (lanes_.size() == 1) {
    lanes_[0]->worker->stats().write(w);
    return source.write_stats(w);
  }
  const bool running = lanes_[1]->thread.joinable();
  if (running) {
    {
      std::lock_guard lock(stats_mutex_);
      stats_pending_ = lanes_.size() - 1;
    }
    send_to_all(RingItem::Kind::stats, {});
    std::unique_lock lock(stats_mutex_);
    stats_written_.wait(lock, [&] { return stats_pending_ == 0; });
  }
  lanes_[0]->capture.reset();
  if (source.live()) lanes_[0]->capture = source.counts();
  WorkerStats sum;
  std::optional<CaptureCounts> captured;
  for (auto& lane : lanes_) {
    if (!running || lane == lanes_[0]) take_stats(*lane);
    sum += lane->stats;
    if (lane->capture) add_counters(captured ? *captured : captured.emplace(), *lane->capture);
  }
  sum.write(w);
  if (captured) write_counter_group(w, "capture", *captured);
  w.begin_group("dispatch");
  w.text("mode",
         feed_ == Feed::sockets ? "fanout"
         : feed_ == Feed::files ? "files"
                                : "rings",
         "how packets reach the workers");
  w.count("ring_full", stats_.ring_full, "packets that found their worker's ring full");
  w.count("dropped", stats_.dropped, "of those, dropped (live capture)");
  w.end_group();
  write_lanes(w);
}

void WorkerPool::write_lanes(StatsWriter& w) const {
  w.begin_list("workers", "worker");
  for (const auto& lane : lanes_) {
    w.begin_item(std::to_string(lane->index));
    w.count("packets", lane->stats.decode.packets, "packets the worker decoded");
    w.count("bytes", lane->stats.decode.bytes, "bytes of those packets");
    w.count("alerts", lane->stats.alerts, "alerts the worker reported");
    if (feed_ == Feed::sockets)
      w.count("captured", lane->capture ? lane->capture->received : 0, "packets its fanout socket captured");
    w.end_item();
  }
  w.end_list();
}

std::vector<std::string> WorkerPool::capture_errors() const {
  std::vector<std::string> errors;
  if (feed_ != Feed::sockets) return errors;
  for (const auto& lane : lanes_)
    if (lane->source) errors.insert(errors.end(), lane->source->errors().begin(), lane->source->errors().end());
  return errors;
}

}  // namespace dlp
