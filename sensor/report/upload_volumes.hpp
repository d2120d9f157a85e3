#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/alert.hpp"
#include "common/counters.hpp"
#include "common/option_table.hpp"
#include "report/flow_summary.hpp"
#include "report/host_summaries.hpp"

namespace dlp {

struct UploadVolumeConfig {
  std::uint64_t threshold_bytes = 50'000'000;
  std::size_t max_pairs = 100'000;  // host and destination pairs summed at once
};

OptionTable<UploadVolumeConfig> upload_volume_options();

struct UploadVolumeStats {
  std::uint64_t pairs = 0;
  std::uint64_t pair_evictions = 0;
  std::uint64_t flow_evictions = 0;
  static constexpr Counter<UploadVolumeStats> counters[] = {
      {"pairs", &UploadVolumeStats::pairs, "host and destination pairs summed now", MetricKind::gauge},
      {"pair_evictions", &UploadVolumeStats::pair_evictions, "pairs dropped to keep max_pairs"},
      {"flow_evictions", &UploadVolumeStats::flow_evictions, "flows dropped before their window ended"},
  };
};

// How much each internal host sent to each outside destination (its SNI or
// HTTP host when known, else its address) in flows whose content could not
// be read (encrypted, or of no known protocol), summed over the host window.
// A dlp.upload_volume alert says when a sum passes the threshold; it claims
// no personal data. Its severity: warning, critical when the destination is
// of a listed kind or the sum is ten times the threshold. When flows leave
// the window and the sum falls below the threshold, passing it again is news.
class UploadVolumes {
 public:
  UploadVolumes(const UploadVolumeConfig& config, const HostSummaryConfig& window) : config_(config), window_(window) {}

  // An outbound flow direction ended: `flow.bytes` sent, `received` bytes back.
  void add(const FlowSummary& flow, std::uint64_t received, std::vector<Alert>& out);
  const UploadVolumeStats& stats() const { return stats_; }

 private:
  struct FlowEntry {
    Timestamp start, at;
    std::uint64_t sent, received;
  };
  struct Pair {
    std::deque<FlowEntry> flows;
    std::uint64_t sent = 0, received = 0;
    bool reported = false;
    Timestamp last;
  };
  using Key = std::pair<IpAddress, std::string>;
  void expire(Pair& p, Timestamp now);
  void make_room();
  Alert alert_of(const FlowSummary& flow, const Pair& p) const;

  UploadVolumeConfig config_;
  HostSummaryConfig window_;
  std::map<Key, Pair> pairs_;
  UploadVolumeStats stats_;
};

}  // namespace dlp
