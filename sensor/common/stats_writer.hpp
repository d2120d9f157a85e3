#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/json_writer.hpp"

namespace dlp {

// Whether a value only grows (packets seen) or goes up and down (flows open now).
enum class MetricKind { counter, gauge };

// Where the stages write their counters: the stats line (JSON) or the
// metrics page (Prometheus). Values nest in named groups; a list holds like
// groups (the workers, the outputs), each item named by its label's value.
class StatsWriter {
 public:
  virtual ~StatsWriter() = default;
  virtual void begin_group(std::string_view name) = 0;
  virtual void end_group() = 0;
  virtual void begin_list(std::string_view name, std::string_view label) = 0;
  virtual void begin_item(std::string_view label_value) = 0;
  virtual void end_item() = 0;
  virtual void end_list() = 0;
  virtual void count(std::string_view name, std::uint64_t value, const char* help,
                     MetricKind kind = MetricKind::counter) = 0;
  virtual void seconds(std::string_view name, double value, const char* help) = 0;
  // A value that is a word (the dispatch mode): Prometheus's info metric.
  virtual void text(std::string_view name, std::string_view value, const char* help) = 0;
};

// The stats line's fields, into a JSON object being written. An item's
// label is a field of its object.
class JsonStatsWriter : public StatsWriter {
 public:
  explicit JsonStatsWriter(JsonWriter& w) : w_(w) {}
  void begin_group(std::string_view name) override { w_.key(name).begin_object(); }
  void end_group() override { w_.end_object(); }
  void begin_list(std::string_view name, std::string_view label) override;
  void begin_item(std::string_view label_value) override;
  void end_item() override { w_.end_object(); }
  void end_list() override;
  void count(std::string_view name, std::uint64_t value, const char*, MetricKind) override { w_.field(name, value); }
  void seconds(std::string_view name, double value, const char*) override { w_.key(name).value(value); }
  void text(std::string_view name, std::string_view value, const char*) override { w_.field(name, value); }

 private:
  JsonWriter& w_;
  std::vector<std::string> labels_;
};

}  // namespace dlp
