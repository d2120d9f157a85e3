#pragma once
#include "options.hpp"

namespace dlp {

// Builds the stages from the configuration, runs the capture to its end (or
// to SIGINT/SIGTERM) and reports. Returns the process exit code:
// 0 done, 1 an input failed (what was read before still reported),
// 2 bad signatures or output.
int run_sensor(const SensorConfig& config);

}  // namespace dlp
