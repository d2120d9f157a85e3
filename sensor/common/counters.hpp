#pragma once
#include <cstdint>

#include "common/stats_writer.hpp"

namespace dlp {

// One counter of a stage's stats struct: its name in the stats and what it
// counts. Each stats struct lists its counters once, in `counters`, beside
// its fields (Snort's peg counts): writing, summing across workers and any
// later export go through that table.
template <class Stats>
struct Counter {
  const char* name;
  std::uint64_t Stats::*value;
  const char* help;
  MetricKind kind = MetricKind::counter;
};

template <class Stats>
void write_counters(StatsWriter& w, const Stats& stats) {
  for (const Counter<Stats>& c : Stats::counters) w.count(c.name, stats.*c.value, c.help, c.kind);
}

// The counters as one group of the stats, under `name`.
template <class Stats>
void write_counter_group(StatsWriter& w, const char* name, const Stats& stats) {
  w.begin_group(name);
  write_counters(w, stats);
  w.end_group();
}

template <class Stats>
void add_counters(Stats& into, const Stats& from) {
  for (const Counter<Stats>& c : Stats::counters) into.*c.value += from.*c.value;
}

}  // namespace dlp
