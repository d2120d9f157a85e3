#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/alert.hpp"
#include "common/option_table.hpp"
#include "common/uri_shape.hpp"
#include "report/category_totals.hpp"
#include "report/enumeration.hpp"
#include "report/flow_summary.hpp"
#include "report/host_summaries.hpp"

namespace dlp {

// What counts as one receiver: an address, or (many scrapers behind one
// proxy) an address and the User-Agent its requests gave.
enum class ReceiverKey { address, address_user_agent };
bool parse_receiver_key(std::string_view text, ReceiverKey& out);
const char* receiver_key_name(ReceiverKey key);

struct ReceiverSummaryConfig {
  ReceiverKey key = ReceiverKey::address;
  std::size_t max_receivers = 100'000;
  std::size_t max_flows_per_receiver = 10'000;  // older flows leave the sum early
};

OptionTable<ReceiverSummaryConfig> receiver_summary_options();

// What one address outside the home networks pulled from inside on the
// connections it opened, across servers (a crawler, an abused API: one
// record a response, thousands of requests): the distinct values and
// records of the answers, summed per category over the host window and
// scored as a flow is. A dlp.receiver_summary alert reports each severity
// level its heaviest category reaches (from warning; a single flow's too:
// its own alert names the server, not who asked), with its flows and requests, the internal servers, the first
// User-Agents, the request templates that carried the most values, and
// whether the requests walked an ID space (EnumerationTracker; its numbers
// are kept while the receiver has flows in the window).
class ReceiverSummaries {
 public:
  ReceiverSummaries(const ReceiverSummaryConfig& config, const HostSummaryConfig& window, bool insider)
      : config_(config), window_usec_(window.window_usec), insider_(insider) {}

  // An outbound flow direction that its receiver opened ended, carrying
  // `totals` (by category) and `uri_values` (by request template).
  void add(const FlowSummary& flow, const std::vector<CategoryTotals>& totals, const UriValues& uri_values,
           std::shared_ptr<const void> keep_alive, std::vector<Alert>& out);
  const HostSummaryStats& stats() const { return stats_; }

 private:
  static constexpr std::size_t kMaxServers = 8, kMaxUserAgents = 4, kMaxPaths = 32, kReportedPaths = 5;
  struct FlowEntry {
    Timestamp start, at;
    std::uint64_t bytes, requests;
    std::vector<CategoryTotals> totals;
    UriValues uri_values;
    std::shared_ptr<const void> keep_alive;
  };
  // The numbers at each place of one request template.
  struct Walk {
    std::string path;
    std::array<EnumerationTracker, UriShape::kMaxNumbers> places;
  };
  struct Receiver {
    std::deque<FlowEntry> flows;
    std::map<std::string, CategoryTotals, std::less<>> sums;  // by category name
    UriValues uri_values;                                     // the first kMaxPaths templates
    std::vector<Walk> walks;                                  // the first kMaxPaths templates
    std::vector<std::string> servers, user_agents;            // the first few
    std::uint64_t bytes = 0, requests = 0;
    Severity reported = Severity::info;
    Timestamp last;
  };
  using Key = std::pair<IpAddress, std::string>;  // the address, and the User-Agent if the key has it

  void expire(Receiver& r, Timestamp now);
  void forget(Receiver& r, const FlowEntry& e);
  void walk(Receiver& r, std::string_view uri);
  void make_room();
  // The category of the highest score, and the score (null, 0 if none).
  std::pair<const CategoryTotals*, double> heaviest(const Receiver& r) const;
  Alert alert_of(const Key& key, const Receiver& r, const CategoryTotals& t, double score, Timestamp now) const;

  ReceiverSummaryConfig config_;
  std::uint64_t window_usec_;
  bool insider_;
  std::map<Key, Receiver> receivers_;
  HostSummaryStats stats_;
};

}  // namespace dlp
