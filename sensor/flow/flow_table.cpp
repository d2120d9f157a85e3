#include "flow/flow_table.hpp"

#include <algorithm>
#include <vector>

#include "common/json_writer.hpp"

namespace dlp {

namespace {
bool well_known(std::uint16_t port) { return port != 0 && port < 1024; }
// A flow's own size plus its hash table node and bucket.
constexpr std::size_t kFlowOverhead = sizeof(Flow) + 64;
}  // namespace

FlowTable::FlowTable(FlowConfig config, EndHandler on_end) : config_(config), on_end_(std::move(on_end)) {
  flows_.reserve(std::min<std::size_t>(config_.memcap / kFlowOverhead, 1u << 16));
}

FlowTable::~FlowTable() = default;

void FlowTable::link(Flow& f) {
  AgeList& l = ages_[static_cast<std::size_t>(f.state)];
  f.older_ = l.newest;
  f.newer_ = nullptr;
  (l.newest ? l.newest->newer_ : l.oldest) = &f;
  l.newest = &f;
}

void FlowTable::unlink(Flow& f) {
  AgeList& l = ages_[static_cast<std::size_t>(f.state)];
  (f.older_ ? f.older_->newer_ : l.oldest) = f.newer_;
  (f.newer_ ? f.newer_->older_ : l.newest) = f.older_;
  f.older_ = f.newer_ = nullptr;
}

FlowTable::Lookup FlowTable::find_or_create(const DecodedPacket& p) {
  if (p.ts > now_) now_ = p.ts;
  bool src_is_lo;
  FlowKey key = FlowKey::of(p.src, p.dst, p.proto, src_is_lo);
  auto it = flows_.find(key);
  if (it == flows_.end()) {
    while (memory_ + kFlowOverhead > config_.memcap && evict_one(nullptr)) {
    }
    auto flow = std::make_unique<Flow>();
    flow->id = ++stats_.created;
    flow->key = key;
    bool syn = p.has(tcp_flag::syn), ack = p.has(tcp_flag::ack);
    bool src_is_server = (syn && ack) || (!syn && well_known(p.src.port) && !well_known(p.dst.port));
    flow->client = src_is_server ? p.dst : p.src;
    flow->server = src_is_server ? p.src : p.dst;
    flow->first_seen = now_;
    flow->memory_ = kFlowOverhead;
    memory_ += kFlowOverhead;
    stats_.memory = memory_;
    it = flows_.emplace(key, std::move(flow)).first;
    stats_.active = flows_.size();
    stats_.peak = std::max(stats_.peak, stats_.active);
  } else {
    unlink(*it->second);
  }
  Flow& f = *it->second;
  f.last_seen = now_;
  link(f);
  return {&f, p.src == f.client ? 0 : 1};
}

void FlowTable::set_state(Flow& f, FlowState s) {
  if (f.state == s) return;
  unlink(f);
  f.state = s;
  link(f);
}

void FlowTable::update_memory(Flow& f) {
  std::size_t now = kFlowOverhead + (f.data ? f.data->memory_bytes() : 0);
  memory_ = memory_ - f.memory_ + now;
  f.memory_ = now;
  stats_.memory = memory_;
  while (memory_ > config_.memcap && evict_one(&f)) {
  }
}

void FlowTable::end(Flow& f, FlowEndReason why) {
  switch (why) {
    case FlowEndReason::closed: ++stats_.closed; break;
    case FlowEndReason::timeout: ++stats_.timed_out; break;
    case FlowEndReason::evicted: ++stats_.evicted; break;
    case FlowEndReason::end_of_input: break;
  }
  on_end_(f, why);
  unlink(f);
  memory_ -= f.memory_;
  stats_.memory = memory_;
  flows_.erase(f.key);
  stats_.active = flows_.size();
}

void FlowTable::expire(Timestamp now) {
  if (now > now_) now_ = now;
  for (std::size_t s = 0; s < ages_.size(); ++s) {
    while (Flow* f = ages_[s].oldest) {
      if (now_.usec - f->last_seen.usec < config_.timeout_usec[s]) break;
      // A closed flow has already reported; its tombstone just goes away.
      end(*f, f->state == FlowState::closed ? FlowEndReason::closed : FlowEndReason::timeout);
    }
  }
}

// Frees a closed flow's tombstone if there is one, otherwise the flow that
// has been idle longest, whatever its state; never `keep`. False when there
// is nothing left to free.
bool FlowTable::evict_one(const Flow* keep) {
  Flow* victim = nullptr;
  for (const AgeList& l : ages_) {
    Flow* oldest = keep && l.oldest == keep ? keep->newer_ : l.oldest;
    if (oldest && (!victim || oldest->last_seen < victim->last_seen)) victim = oldest;
  }
  Flow* tombstone = ages_[static_cast<std::size_t>(FlowState::closed)].oldest;
  if (tombstone && tombstone != keep) victim = tombstone;
  if (!victim) return false;
  end(*victim, victim->state == FlowState::closed ? FlowEndReason::closed : FlowEndReason::evicted);
  return true;
}

void FlowTable::end_all(FlowEndReason why) {
  // In creation order, so that the alerts at the end of a replay come out
  // the same on every run.
  std::vector<Flow*> all;
  all.reserve(flows_.size());
  for (auto& [key, flow] : flows_) all.push_back(flow.get());
  std::sort(all.begin(), all.end(), [](Flow* a, Flow* b) { return a->id < b->id; });
  for (Flow* f : all) end(*f, f->state == FlowState::closed ? FlowEndReason::closed : why);
}

OptionTable<FlowConfig> flow_options() {
  return {option::integer("flow-memcap", "MIB", &FlowConfig::memcap, 1, 1 << 20, 1 << 20,
                          "memory for all flows with their reassembly and scan state; past it the longest-idle "
                          "flows end early (evicted) and report")};
}

}  // namespace dlp
