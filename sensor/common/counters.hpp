#pragma once
#include <cstdint>

#include "common/json_writer.hpp"

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
};

template <class Stats>
void write_counters(JsonWriter& w, const Stats& stats) {
  for (const Counter<Stats>& c : Stats::counters) w.field(c.name, stats.*c.value);
}

// The counters as one object of the stats line, under `name`.
template <class Stats>
void write_counter_group(JsonWriter& w, const char* name, const Stats& stats) {
  w.key(name).begin_object();
  write_counters(w, stats);
  w.end_object();
}

template <class Stats>
void add_counters(Stats& into, const Stats& from) {
  for (const Counter<Stats>& c : Stats::counters) into.*c.value += from.*c.value;
}

}  // namespace dlp
