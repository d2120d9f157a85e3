#include <gtest/gtest.h>

#include "metrics/metrics_server.hpp"
#include "metrics/prometheus_text.hpp"
#include "progress_line.hpp"

namespace dlp::test {
namespace {

struct ListStats {
  std::uint64_t sent = 0, queued = 0;
  static constexpr Counter<ListStats> counters[] = {
      {"sent", &ListStats::sent, "alerts \"sent\"\\out"},
      {"queued", &ListStats::queued, "waiting now", MetricKind::gauge},
  };
};

// What the stages write, in both forms: a group, a list of two items, a word, seconds.
void write_example(StatsWriter& w) {
  w.count("packets", 19, "packets decoded");
  write_counter_group(w, "out", ListStats{3, 1});
  w.begin_list("outputs", "output");
  for (const char* name : {"udp://a:514", "file \"x\"\n"}) {
    w.begin_item(name);
    w.count("sent", 2, "alerts sent");
    w.end_item();
  }
  w.end_list();
  w.begin_group("dispatch");
  w.text("mode", "rings", "how packets reach the workers");
  w.end_group();
  w.seconds("elapsed_seconds", 1.5, "time since start");
}

TEST(PrometheusText, FamiliesOnceWithTheirSamplesTogether) {
  PrometheusText page;
  PrometheusStatsWriter w(page);
  write_example(w);
  EXPECT_EQ(page.text(),
            "# HELP dlp_packets_total packets decoded\n# TYPE dlp_packets_total counter\ndlp_packets_total 19\n"
            "# HELP dlp_out_sent_total alerts \"sent\"\\\\out\n# TYPE dlp_out_sent_total counter\n"
            "dlp_out_sent_total 3\n"
            "# HELP dlp_out_queued waiting now\n# TYPE dlp_out_queued gauge\ndlp_out_queued 1\n"
            "# HELP dlp_outputs_sent_total alerts sent\n# TYPE dlp_outputs_sent_total counter\n"
            "dlp_outputs_sent_total{output=\"udp://a:514\"} 2\n"
            "dlp_outputs_sent_total{output=\"file \\\"x\\\"\\n\"} 2\n"
            "# HELP dlp_dispatch_mode_info how packets reach the workers\n# TYPE dlp_dispatch_mode_info gauge\n"
            "dlp_dispatch_mode_info{mode=\"rings\"} 1\n"
            "# HELP dlp_elapsed_seconds time since start\n# TYPE dlp_elapsed_seconds gauge\n"
            "dlp_elapsed_seconds 1.500000\n");
}

TEST(PrometheusText, TheStatsLineOfTheSameWrites) {
  std::string line;
  JsonWriter json(line);
  json.begin_object();
  JsonStatsWriter w(json);
  write_example(w);
  json.end_object();
  EXPECT_EQ(line, R"({"packets":19,"out":{"sent":3,"queued":1},"outputs":[{"output":"udp://a:514","sent":2},)"
                  R"({"output":"file \"x\"\n","sent":2}],"dispatch":{"mode":"rings"},"elapsed_seconds":1.500})");
}

TEST(MetricsAnswer, OnlyGetMetrics) {
  MetricsStats stats;
  const std::string page = "dlp_packets_total 1\n";
  EXPECT_EQ(metrics_answer("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", page, stats),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nContent-Length: 20\r\n"
            "Connection: close\r\n\r\ndlp_packets_total 1\n");
  EXPECT_EQ(metrics_answer("GET /metrics?x=1 HTTP/1.0\r\n\r\n", page, stats).substr(0, 15), "HTTP/1.1 200 OK");
  for (const char* bad : {"", "GET /metrics", "GET /metrics HTTP/2\r\n\r\n", "\r\n\r\n", "HTTP/1.1\r\n",
                          " HTTP/1.1\r\n", "GET HTTP/1.1\r\n"})
    EXPECT_EQ(metrics_answer(bad, page, stats).substr(0, 12), "HTTP/1.1 400") << bad;
  EXPECT_EQ(metrics_answer("POST /metrics HTTP/1.1\r\n\r\n", page, stats).substr(0, 12), "HTTP/1.1 405");
  EXPECT_EQ(metrics_answer("GET /metricsx HTTP/1.1\r\n\r\n", page, stats).substr(0, 12), "HTTP/1.1 404");
  EXPECT_EQ(stats.scrapes, 2u);
  EXPECT_EQ(stats.bad_requests, 9u);
}

TEST(AlertTally, ByEventAndSeverity) {
  AlertTally tally;
  Alert a;
  a.event = "dlp.host_summary";
  a.severity = Severity::critical;
  tally.count(a);
  a.event = "dlp.new_kind";
  tally.count(a);
  EXPECT_EQ(tally.read(4, Severity::critical), 1u);
  EXPECT_EQ(AlertTally::kEvents[4], "dlp.host_summary");
  EXPECT_EQ(tally.read(AlertTally::kEventCount - 1, Severity::critical), 1u);  // "other"
  EXPECT_EQ(tally.read()[static_cast<int>(Severity::critical)], 2u);
}

}  // namespace
}  // namespace dlp::test
