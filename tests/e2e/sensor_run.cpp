#include "e2e/sensor_run.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace dlp::test {

namespace fs = std::filesystem;

std::string temp_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir = fs::temp_directory_path() /
                 ("dlp-test-" + std::to_string(getpid()) + "-" + info->test_suite_name() + "." + info->name());
  fs::create_directories(dir);
  return dir.string();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

namespace {
std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}
// JSON alerts go to the suite's alert log (DLP_ALERT_LOG_DIR, set by ctest),
// which tests/schema/validate_alerts.py checks against the schema.
void keep_alerts(const std::string& out) {
  const char* folder = std::getenv("DLP_ALERT_LOG_DIR");
  if (!folder) return;
  fs::create_directories(folder);
  std::ofstream log(fs::path(folder) / ("cpp-" + std::to_string(getpid()) + ".jsonl"), std::ios::app);
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("{\"timestamp\"", 0) == 0) log << line << '\n';
}
}  // namespace

SensorRun run_sensor(const std::vector<std::string>& args) {
  static int runs = 0;
  std::string dir = temp_dir() + "/run-" + std::to_string(++runs);
  fs::create_directories(dir);
  std::string cmd = quote(DLP_SENSOR_BINARY);
  for (const auto& a : args) cmd += " " + quote(a);
  // One worker unless a test asks for more: alerts then come in flow order.
  if (std::find(args.begin(), args.end(), "--workers") == args.end()) cmd += " --workers 1";
  cmd += " >" + quote(dir + "/out") + " 2>" + quote(dir + "/err") + " </dev/null";
  SensorRun run;
  int status = std::system(cmd.c_str());
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = read_file(dir + "/out");
  run.err = read_file(dir + "/err");
  keep_alerts(run.out);
  return run;
}

std::vector<nlohmann::json> SensorRun::alerts() const {
  std::vector<nlohmann::json> out_alerts;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    auto alert = nlohmann::json::parse(line);
    // A replay's closing summary is read by replay_summary(), not counted with the alerts of its flows.
    if (alert.is_object() && alert.value("event", "") == "dlp.replay_summary") continue;
    out_alerts.push_back(std::move(alert));
  }
  return out_alerts;
}

nlohmann::json SensorRun::stats() const {
  auto start = err.rfind("{\"event\":\"stats\"");
  if (start == std::string::npos) return {};
  return nlohmann::json::parse(err.substr(start, err.find('\n', start) - start));
}

std::string generated(const std::string& name) { return std::string(DLP_GENERATED_PCAPS) + "/" + name; }
std::string bundled(const std::string& name) { return std::string(DLP_SOURCE_DIR) + "/pcaps/" + name; }

}  // namespace dlp::test
