#include "report/receiver_summaries.hpp"

#include <algorithm>

#include "common/enum_names.hpp"
#include "common/json_writer.hpp"
#include "report/legal_score.hpp"

namespace dlp {

namespace {

constexpr EnumName<ReceiverKey> kReceiverKeys[] = {{ReceiverKey::address, "address"},
                                                   {ReceiverKey::address_user_agent, "address+user-agent"}};

void note_once(std::vector<std::string>& list, std::string item, std::size_t most) {
  if (!item.empty() && list.size() < most && std::find(list.begin(), list.end(), item) == list.end())
    list.push_back(std::move(item));
}

// Adds (or, with a negative `n`, takes away) values of `path`, for the first `most` paths.
void count_path(UriValues& paths, const std::string& path, std::int64_t n, std::size_t most) {
  auto it = std::find_if(paths.begin(), paths.end(), [&](const auto& p) { return p.first == path; });
  if (it == paths.end()) {
    if (n > 0 && paths.size() < most) paths.emplace_back(path, static_cast<std::uint64_t>(n));
    return;
  }
  it->second = n < 0 ? it->second - std::min(it->second, static_cast<std::uint64_t>(-n)) : it->second + n;
}

std::string json_strings(const std::vector<std::string>& items) {
  std::string out;
  JsonWriter w(out);
  w.begin_array();
  for (const auto& item : items) w.value(item);
  w.end_array();
  return out;
}

// The paths that carried the most values, most first.
std::string json_paths(UriValues paths, std::size_t most) {
  std::stable_sort(paths.begin(), paths.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  JsonWriter w(out);
  w.begin_array();
  for (std::size_t i = 0; i < paths.size() && i < most && paths[i].second > 0; ++i)
    w.begin_object().field("path", paths[i].first).field("values", paths[i].second).end_object();
  w.end_array();
  return out;
}

}  // namespace

bool parse_receiver_key(std::string_view text, ReceiverKey& out) { return parse_name(text, out, kReceiverKeys); }
const char* receiver_key_name(ReceiverKey key) { return name_of(key, kReceiverKeys); }

std::pair<const CategoryTotals*, double> ReceiverSummaries::heaviest(const Receiver& r) const {
  std::pair<const CategoryTotals*, double> best{nullptr, 0.0};
  for (const auto& [category, sum] : r.sums)
    if (const double score = score_of(sum, insider_); !best.first || score > best.second) best = {&sum, score};
  return best;
}

void ReceiverSummaries::forget(Receiver& r, const FlowEntry& e) {
  r.bytes -= e.bytes;
  r.requests -= e.requests;
  for (const CategoryTotals& t : e.totals) {
    auto it = r.sums.find(t.signature->category);
    it->second -= t;
    if (it->second.matches == 0 && it->second.distinct == 0) r.sums.erase(it);
  }
  for (const auto& [path, n] : e.uri_values) count_path(r.uri_values, path, -static_cast<std::int64_t>(n), kMaxPaths);
}

void ReceiverSummaries::expire(Receiver& r, Timestamp now) {
  const auto window = static_cast<std::int64_t>(window_usec_);
  bool forgot = false;
  while (!r.flows.empty() &&
         (now.usec - r.flows.front().at.usec > window || r.flows.size() >= config_.max_flows_per_receiver)) {
    if (now.usec - r.flows.front().at.usec <= window) ++stats_.flow_evictions;
    forget(r, r.flows.front());
    r.flows.pop_front();
    forgot = true;
  }
  if (!forgot) return;
  if (r.flows.empty()) {  // what it asked before is no evidence now
    r.walks.clear();
    r.servers.clear();
    r.user_agents.clear();
  }
  r.reported = std::min(r.reported, severity_of_score(heaviest(r).second));  // reaching it again is news
}

void ReceiverSummaries::walk(Receiver& r, std::string_view uri) {
  UriShape shape = uri_shape(uri);
  if (shape.numbers.empty()) return;
  auto it = std::find_if(r.walks.begin(), r.walks.end(), [&](const Walk& w) { return w.path == shape.path_template; });
  if (it == r.walks.end()) {
    if (r.walks.size() >= kMaxPaths) return;
    it = r.walks.insert(r.walks.end(), Walk{std::move(shape.path_template), {}});
  }
  for (std::size_t i = 0; i < shape.numbers.size(); ++i) it->places[i].add(shape.numbers[i]);
}

// The receiver that asked nothing for the longest time leaves the table.
void ReceiverSummaries::make_room() {
  auto oldest = std::min_element(receivers_.begin(), receivers_.end(),
                                 [](const auto& a, const auto& b) { return a.second.last.usec < b.second.last.usec; });
  receivers_.erase(oldest);
  ++stats_.host_evictions;
}

void ReceiverSummaries::add(const FlowSummary& flow, const std::vector<CategoryTotals>& totals,
                            const UriValues& uri_values, std::shared_ptr<const void> keep_alive,
                            std::vector<Alert>& out) {
  if (totals.empty()) return;
  const std::string agent = flow.http ? flow.http->user_agent : std::string();
  const Key key{flow.receiver.ip, config_.key == ReceiverKey::address_user_agent ? agent : std::string()};
  if (!receivers_.count(key) && receivers_.size() >= config_.max_receivers) make_room();
  Receiver& r = receivers_[key];
  r.last = flow.now;
  expire(r, flow.now);
  const std::uint64_t requests = flow.http ? flow.http->requests : 0;
  r.flows.push_back({flow.start, flow.now, flow.bytes, requests, totals, uri_values, std::move(keep_alive)});
  r.bytes += flow.bytes;
  r.requests += requests;
  note_once(r.servers, flow.sender.ip.to_string(), kMaxServers);
  note_once(r.user_agents, agent, kMaxUserAgents);
  for (const auto& [path, n] : uri_values) count_path(r.uri_values, path, static_cast<std::int64_t>(n), kMaxPaths);
  if (flow.http)
    for (const auto& uri : flow.http->uris) walk(r, uri);
  // Unlike a host's, a level one flow reached alone is reported too: the
  // flow's alert names the server, not who asked, nor how.
  for (const CategoryTotals& t : totals) {
    CategoryTotals& sum = r.sums[t.signature->category];
    sum.signature = t.signature;
    sum += t;
  }
  const auto [top, score] = heaviest(r);
  const Severity now = severity_of_score(score);
  stats_.hosts = receivers_.size();
  if (now <= r.reported || now < Severity::warning) return;
  r.reported = now;
  out.push_back(alert_of(key, r, *top, score, flow.now));
}

Alert ReceiverSummaries::alert_of(const Key& key, const Receiver& r, const CategoryTotals& t, double score,
                                  Timestamp now) const {
  Alert a = summary_alert("dlp.receiver_summary", t, score, insider_, now);
  a.dst = {key.first, 0};
  a.direction = Direction::outbound;
  a.flow_start = r.flows.front().start;
  a.flow_end = now;
  a.bytes = r.bytes;
  a.flows = r.flows.size();
  a.requests = r.requests;
  a.servers = json_strings(r.servers);
  a.user_agents = json_strings(r.user_agents);
  a.uri_paths = json_paths(r.uri_values, kReportedPaths);
  // The template whose numbers walk the most of an ID space.
  std::uint64_t widest = 0;
  for (const Walk& w : r.walks)
    for (const EnumerationTracker& place : w.places)
      if (place.walks() && place.distinct() > widest) {
        widest = place.distinct();
        a.enumeration = true;
        a.enumeration_path = w.path;
      }
  return a;
}

OptionTable<ReceiverSummaryConfig> receiver_summary_options() {
  return {option::choice("receiver-key", "KEY", &ReceiverSummaryConfig::key, parse_receiver_key, receiver_key_name,
                         "address or address+user-agent",
                         "what counts as one receiver outside in a dlp.receiver_summary (what it pulled from inside "
                         "on the connections it opened, summed over --host-window): its address, or its address and "
                         "its HTTP User-Agent, when many scrapers share a proxy")};
}

}  // namespace dlp
