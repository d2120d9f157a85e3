#include "metrics/prometheus_text.hpp"

#include <fmt/format.h>

namespace dlp {

namespace {

// Label values escape backslash, double quote and line feed; help text backslash and line feed.
std::string escaped(std::string_view v, bool quotes) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || (quotes && c == '"')) out.push_back('\\');
    if (c == '\n')
      out += "\\n";
    else
      out.push_back(c);
  }
  return out;
}

std::string label_text(const PrometheusText::Labels& labels) {
  if (labels.empty()) return {};
  std::string out = "{";
  for (const auto& [name, value] : labels)
    out += fmt::format("{}{}=\"{}\"", out.size() > 1 ? "," : "", name, escaped(value, true));
  return out + "}";
}

}  // namespace

void PrometheusText::add(const std::string& name, const Labels& labels, std::string value, const char* help,
                         MetricKind kind) {
  const std::string full = kind == MetricKind::counter ? name + "_total" : name;
  auto [it, added] = families_.try_emplace(full, Family{help ? help : "", kind, {}});
  if (added) order_.push_back(full);
  it->second.samples.push_back(label_text(labels) + " " + value);
}

std::string PrometheusText::text() const {
  std::string out;
  for (const auto& name : order_) {
    const Family& f = families_.at(name);
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, escaped(f.help, false), name,
                       f.kind == MetricKind::counter ? "counter" : "gauge");
    for (const auto& sample : f.samples) out += name + sample + "\n";
  }
  return out;
}

std::string PrometheusStatsWriter::name_of(std::string_view leaf) const {
  std::string name = "dlp";
  for (const auto& part : path_) name += "_" + part;
  return name + "_" + std::string(leaf);
}

void PrometheusStatsWriter::begin_list(std::string_view name, std::string_view label) {
  path_.emplace_back(name);
  list_labels_.emplace_back(label);
}

void PrometheusStatsWriter::begin_item(std::string_view label_value) {
  labels_.emplace_back(list_labels_.back(), label_value);
}

void PrometheusStatsWriter::end_list() {
  path_.pop_back();
  list_labels_.pop_back();
}

void PrometheusStatsWriter::count(std::string_view name, std::uint64_t value, const char* help, MetricKind kind) {
  out_.add(name_of(name), labels_, fmt::format("{}", value), help, kind);
}

void PrometheusStatsWriter::seconds(std::string_view name, double value, const char* help) {
  out_.add(name_of(name), labels_, fmt::format("{:.6f}", value), help, MetricKind::gauge);
}

void PrometheusStatsWriter::text(std::string_view name, std::string_view value, const char* help) {
  PrometheusText::Labels labels = labels_;
  labels.emplace_back(std::string(name), std::string(value));
  out_.add(name_of(name) + "_info", labels, "1", help, MetricKind::gauge);
}

}  // namespace dlp
