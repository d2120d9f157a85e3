#pragma once
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/stats_writer.hpp"

namespace dlp {

// A metrics page in Prometheus's text exposition format (0.0.4): each
// family once, with its HELP and TYPE, its samples together, in the order
// its first sample came; counters' names end in _total.
class PrometheusText {
 public:
  using Labels = std::vector<std::pair<std::string, std::string>>;
  // `value` as written (an integer, or a decimal).
  void add(const std::string& name, const Labels& labels, std::string value, const char* help, MetricKind kind);
  std::string text() const;

 private:
  struct Family {
    std::string help;
    MetricKind kind;
    std::vector<std::string> samples;  // "{labels} value"
  };
  std::vector<std::string> order_;
  std::unordered_map<std::string, Family> families_;
};

// The stats as metrics named dlp_<group>_<name>: a list's items become a
// label (worker="1", output="udp://..."), a word an _info metric.
class PrometheusStatsWriter : public StatsWriter {
 public:
  explicit PrometheusStatsWriter(PrometheusText& out) : out_(out) {}
  void begin_group(std::string_view name) override { path_.emplace_back(name); }
  void end_group() override { path_.pop_back(); }
  void begin_list(std::string_view name, std::string_view label) override;
  void begin_item(std::string_view label_value) override;
  void end_item() override { labels_.pop_back(); }
  void end_list() override;
  void count(std::string_view name, std::uint64_t value, const char* help, MetricKind kind) override;
  void seconds(std::string_view name, double value, const char* help) override;
  void text(std::string_view name, std::string_view value, const char* help) override;

 private:
  std::string name_of(std::string_view leaf) const;
  PrometheusText& out_;
  std::vector<std::string> path_;
  std::vector<std::string> list_labels_;
  PrometheusText::Labels labels_;
};

}  // namespace dlp
