#pragma once
#include "options.hpp"

namespace dlp {

// Builds the stages from the configuration, runs the capture to its end (or
// to SIGINT/SIGTERM) and reports. Returns the process exit code:
// 0 done, 1 an input failed (what was read before still reported),
// 2 bad signatures or output.
int run_sensor(const SensorConfig& config);
// --check-signatures: compiles them, says how many and how long it took; 2 on an error.
int check_signatures(const SensorConfig& config);
// --list-signatures: one tab-separated line per signature.
int list_signatures(const SensorConfig& config);

}  // namespace dlp
