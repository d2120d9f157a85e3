#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace dlp::test {

// The built dlp-sensor binary, run as a user would run it.
struct SensorRun {
  int exit_code = -1;
  std::string out;                             // standard output
  std::string err;                             // standard error
  std::vector<nlohmann::json> alerts() const;  // out, one JSON object per line
  nlohmann::json stats() const;                // the last stats line on standard error
};

SensorRun run_sensor(const std::vector<std::string>& args);

std::string generated(const std::string& name);  // a pcap written by tests/captures/pcapgen.py
std::string bundled(const std::string& name);    // a file under pcaps/
std::string read_file(const std::string& path);  // whole, binary
std::string temp_dir();                          // this test's own directory

}  // namespace dlp::test
