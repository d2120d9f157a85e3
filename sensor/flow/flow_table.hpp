#pragma once
#include <array>
#include <functional>
#include <memory>
#include <unordered_map>

#include "common/counters.hpp"
#include "common/option_table.hpp"
#include "decode/packet.hpp"
#include "flow/flow.hpp"

namespace dlp {

struct FlowConfig {
  std::size_t memcap = 512u << 20;  // bytes for all flows and their reassembly and scan state
  // Idle timeouts by state, in capture time (FlowState order).
  std::array<std::int64_t, static_cast<std::size_t>(FlowState::count_)> timeout_usec{30'000'000, 600'000'000,
                                                                                     30'000'000, 10'000'000};
};

OptionTable<FlowConfig> flow_options();

struct FlowStats {
  std::uint64_t created = 0;
  std::uint64_t active = 0;
  std::uint64_t peak = 0;
  std::uint64_t closed = 0;
  std::uint64_t timed_out = 0;
  std::uint64_t evicted = 0;
  std::uint64_t memory = 0;
  static constexpr Counter<FlowStats> counters[] = {
      {"created", &FlowStats::created, "flows created"},
      {"active", &FlowStats::active, "flows in the table now", MetricKind::gauge},
      {"peak", &FlowStats::peak, "most flows in the table at once", MetricKind::gauge},
      {"closed", &FlowStats::closed, "flows ended by FIN or RST"},
      {"timed_out", &FlowStats::timed_out, "flows ended by an idle timeout"},
      {"evicted", &FlowStats::evicted, "longest-idle flows ended early because the memcap was reached"},
      {"memory", &FlowStats::memory, "bytes counted now", MetricKind::gauge},
  };
};

// Holds every live flow by its direction-free key. Timeouts run on capture
// time: each state has a list of its flows oldest first, so expiring and
// evicting look only at list heads. The end handler sees each flow exactly
// once, before it is destroyed. Memory is bounded: each flow counts its own
// size and what its FlowData holds; past the cap the longest-idle flows end.
class FlowTable {
 public:
  using EndHandler = std::function<void(Flow&, FlowEndReason)>;

  FlowTable(FlowConfig config, EndHandler on_end);
  ~FlowTable();
  FlowTable(const FlowTable&) = delete;
  FlowTable& operator=(const FlowTable&) = delete;

  struct Lookup {
    Flow* flow;
    int direction;
  };
  // Finds the packet's flow or starts one (roles: the SYN sender is the
  // client; without a SYN the first sender, unless only the other side uses
  // a well-known port). Refreshes the flow's age.
  Lookup find_or_create(const DecodedPacket& p);

  void set_state(Flow& f, FlowState s);
  // Re-counts what the flow holds (call after its FlowData changed); may
  // end other, longer-idle flows to stay under the cap.
  void update_memory(Flow& f);
  // Ends a flow now (a new connection reusing a closed flow's ports).
  void end(Flow& f, FlowEndReason why);
  void expire(Timestamp now);
  void end_all(FlowEndReason why);

  const FlowStats& stats() const { return stats_; }

 private:
  struct AgeList {
    Flow* oldest = nullptr;
    Flow* newest = nullptr;
  };
  void link(Flow& f);
  void unlink(Flow& f);
  bool evict_one(const Flow* keep);

  FlowConfig config_;
  EndHandler on_end_;
  std::unordered_map<FlowKey, std::unique_ptr<Flow>, FlowKeyHash> flows_;
  std::array<AgeList, static_cast<std::size_t>(FlowState::count_)> ages_;
  Timestamp now_;
  std::size_t memory_ = 0;
  FlowStats stats_;
};

}  // namespace dlp
