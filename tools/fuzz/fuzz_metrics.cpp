// libFuzzer harness for the metrics server's request reading, and for a
// page whose label values and help come from the input (an output's name
// is the operator's text).
// Build: cmake -DFUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang;
// run: build/fuzz-metrics -max_len=9000 corpus/
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "metrics/metrics_server.hpp"
#include "metrics/prometheus_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  dlp::MetricsStats stats;
  dlp::PrometheusText page;
  dlp::PrometheusStatsWriter writer(page);
  dlp::StatsWriter& w = writer;
  const std::string help(input.substr(0, input.size() / 2));
  w.begin_list("outputs", "output");
  w.begin_item(input.substr(input.size() / 2));
  w.count("sent", size, help.c_str());
  w.end_item();
  w.end_list();
  w.text("mode", input, help.c_str());
  (void)dlp::metrics_answer(input, page.text(), stats);
  return 0;
}
