#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/alert.hpp"
#include "common/counters.hpp"
#include "common/option_table.hpp"
#include "report/category_totals.hpp"

namespace dlp {

struct HostSummaryConfig {
  std::uint64_t window_usec = 24ull * 3600 * 1'000'000;  // of capture time
  std::size_t max_hosts = 100'000;
  std::size_t max_flows_per_host = 10'000;  // older flows leave the sum early
};

OptionTable<HostSummaryConfig> host_summary_options();

struct HostSummaryStats {
  std::uint64_t hosts = 0;
  std::uint64_t host_evictions = 0;
  std::uint64_t flow_evictions = 0;
  static constexpr Counter<HostSummaryStats> counters[] = {
      {"hosts", &HostSummaryStats::hosts, "hosts in the table now", MetricKind::gauge},
      {"host_evictions", &HostSummaryStats::host_evictions, "hosts dropped to keep max_hosts"},
      {"flow_evictions", &HostSummaryStats::flow_evictions, "flows dropped before their window ended"},
  };
};

// Which flows a summary sums and how its alerts name the host.
struct SummaryKind {
  const char* event;
  Direction direction;
  bool host_received = false;  // the host is the flows' receiver (dst_ip), not their sender (src_ip)
};
// What one internal host sent across its outbound flows (one insider's machine).
inline constexpr SummaryKind kHostSummary{"dlp.host_summary", Direction::outbound};
// What one workstation retrieved from the internal servers, across servers and flows.
inline constexpr SummaryKind kWorkstationSummary{"dlp.workstation_summary", Direction::retrieval, true};
// What one proxy user (an ICAP message's) sent across requests, whichever address they came from.
inline constexpr SummaryKind kUserSummary{"dlp.user_summary", Direction::outbound};

// What one host moved across its flows: the distinct values and records of
// its flows, summed per category over a sliding window of capture time, and
// scored as a flow is. A summary alert reports each severity level (from
// warning) a category's sum reaches that no single flow's alert has
// announced (many small uploads that together are serious); when flows
// leave the window and the sum falls, the level can be reached, and
// reported, again.
class HostSummaries {
 public:
  // `insider`: scored as 法释〔2017〕10号 Art. 5 item 8 says (see leak_score).
  HostSummaries(const HostSummaryConfig& config, SummaryKind kind, bool insider = false)
      : config_(config), kind_(kind), insider_(insider) {}

  // A reported flow of `host`, from `start` to `now`, carried `totals`
  // (outside the working hours when `off_hours`); `keep_alive` owns the
  // signatures they point to (kept while the flow counts in the window).
  // With a `user`, the sum is that user's, and `host` where they were last.
  void add(const Endpoint& host, Timestamp start, Timestamp now, std::uint64_t bytes, bool off_hours,
           const std::vector<CategoryTotals>& totals, std::shared_ptr<const void> keep_alive, std::vector<Alert>& out,
           const std::string& user = {});
  const HostSummaryStats& stats() const { return stats_; }

 private:
  struct FlowEntry {
    Timestamp start;
    Timestamp at;  // its end: it leaves the window by it
    std::uint64_t bytes;
    bool off_hours;
    std::vector<CategoryTotals> totals;
    std::shared_ptr<const void> keep_alive;
  };
  struct Sum {
    CategoryTotals totals;
    std::uint64_t off_hours_records = 0;
    Severity reported = Severity::info;
  };
  struct Host {
    std::deque<FlowEntry> flows;
    // By category name: a signature reload does not restart the sums. Each
    // sum's signature is that of its newest flow, kept alive by that flow.
    std::map<std::string, Sum, std::less<>> sums;
    std::uint64_t bytes = 0;
    Timestamp last;
    IpAddress address;  // the host's, or where its user was last
  };
  // An internal host (no user), or a user.
  using Key = std::pair<std::string, IpAddress>;
  void forget(Host& h, const FlowEntry& e);
  // Flows that left the window (or the table's room) by `now` leave the sums.
  void expire(Host& h, Timestamp now);
  Alert alert_of(const Key& key, const Host& h, const Sum& sum, double score, Timestamp now) const;
  void make_room();

  HostSummaryConfig config_;
  SummaryKind kind_;
  bool insider_;
  std::map<Key, Host> hosts_;
  HostSummaryStats stats_;
};

}  // namespace dlp
