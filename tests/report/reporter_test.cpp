#include <gtest/gtest.h>

#include <fmt/format.h>

#include "detect/scan_helper.hpp"
#include "report/reporter.hpp"

namespace dlp::test {
namespace {

// One flow direction's findings, fed as the scanner would feed them.
struct Findings {
  FindingsConfig config;
  FindingsStats stats;
  FlowFindings findings{default_signatures(), config, stats};
  // `n` distinct card numbers, from `first` on (tier A: 50 make a leak serious).
  void cards(int first, int n) {
    for (int i = first; i < first + n; ++i)
      findings.sink(FindingSource::raw).on_finding(signature_of("bank_card"), {fmt::format("62220200{:08}", i), 0});
  }
};

FlowSummary outbound(const char* sender = "10.1.1.20") {
  FlowSummary flow;
  flow.sender = {*IpAddress::parse(sender), 50000};
  flow.receiver = {*IpAddress::parse("203.0.113.10"), 443};
  flow.direction = Direction::outbound;
  flow.bytes = 1000;
  return flow;
}

TEST(Reporter, InsiderDoublesTheScore) {
  Findings f;
  f.cards(0, 40);
  for (bool insider : {false, true}) {
    ReportConfig config;
    config.insider = insider;
    Reporter reporter(config);
    std::vector<Alert> out;
    reporter.flow_ended(outbound(), f.findings, nullptr, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].event, "dlp.flow");
    EXPECT_EQ(out[0].category, "bank_card");
    EXPECT_EQ(out[0].distinct, 40u);
    EXPECT_DOUBLE_EQ(out[0].score, insider ? 1.6 : 0.8);
    EXPECT_EQ(out[0].severity, insider ? Severity::critical : Severity::warning);
    // What the score came from, so that a reader can recompute it.
    EXPECT_EQ(out[0].legal_tier, "A");
    EXPECT_EQ(out[0].insider, insider);
  }
}

TEST(Reporter, OnlyOutboundUnlessAllDirections) {
  Findings f;
  f.cards(0, 10);
  FlowSummary inbound = outbound("203.0.113.10");
  inbound.direction = Direction::inbound;
  for (bool all : {false, true}) {
    ReportConfig config;
    config.all_directions = all;
    Reporter reporter(config);
    std::vector<Alert> out;
    reporter.flow_ended(inbound, f.findings, nullptr, out);
    ASSERT_EQ(out.size(), all ? 1u : 0u);
    if (all) {
      EXPECT_EQ(out[0].direction, Direction::inbound);
    }
  }
}

// A running flow reports each level once, as it reaches it.
TEST(Reporter, RunningFlowCrossesLevels) {
  const ReportConfig config;
  Reporter reporter(config);
  Findings f;
  ThresholdMarks marks;
  std::vector<Alert> out;
  f.cards(0, 4);  // 0.08: info
  reporter.flow_running(outbound(), f.findings, marks, out);
  EXPECT_TRUE(out.empty());
  f.cards(4, 2);  // 0.12: warning
  reporter.flow_running(outbound(), f.findings, marks, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].event, "dlp.flow_threshold");
  EXPECT_EQ(out[0].severity, Severity::warning);
  EXPECT_EQ(out[0].distinct, 6u);
  f.cards(6, 10);  // 0.32: still warning
  reporter.flow_running(outbound(), f.findings, marks, out);
  EXPECT_EQ(out.size(), 1u);
  f.cards(16, 34);  // 50: critical
  reporter.flow_running(outbound(), f.findings, marks, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].severity, Severity::critical);
  EXPECT_EQ(out[1].distinct, 50u);
  reporter.flow_ended(outbound(), f.findings, nullptr, out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[2].event, "dlp.flow");
  EXPECT_EQ(out[2].severity, Severity::critical);
}

// Three flows of one host, each a warning alone (20 cards, 0.4), are
// critical together (60 cards, 1.2): the third flow's end says so once.
TEST(Reporter, HostSummaryOverThreeFlows) {
  const ReportConfig config;
  Reporter reporter(config);
  std::vector<Alert> host_alerts;
  for (int flow = 0; flow < 3; ++flow) {
    Findings f;
    f.cards(flow * 20, 20);
    std::vector<Alert> out;
    reporter.flow_ended(outbound(), f.findings, nullptr, out);
    ASSERT_EQ(out.size(), flow == 2 ? 2u : 1u);  // the third flow's alert, then the host's
    EXPECT_EQ(out[0].event, "dlp.flow");
    EXPECT_EQ(out[0].severity, Severity::warning);
    host_alerts.insert(host_alerts.end(), out.begin() + 1, out.end());
  }
  ASSERT_EQ(host_alerts.size(), 1u);
  const Alert& a = host_alerts[0];
  EXPECT_EQ(a.event, "dlp.host_summary");
  EXPECT_EQ(a.severity, Severity::critical);
  EXPECT_DOUBLE_EQ(a.score, 1.2);
  EXPECT_EQ(a.distinct, 60u);
  EXPECT_EQ(a.bytes, 3000u);
  EXPECT_EQ(a.src.ip.to_string(), "10.1.1.20");
  EXPECT_EQ(reporter.host_stats().hosts, 1u);
}

// 2024-05-01 in Beijing time (UTC+8) at `hour`:`minute`.
Timestamp beijing(int hour, int minute = 0) {
  return Timestamp::from_seconds(1714492800 + hour * 3600 + minute * 60);  // 1714492800: 2024-04-30 16:00 UTC
}

FlowSummary retrieval(const char* server, Timestamp now) {
  FlowSummary flow;
  flow.sender = {*IpAddress::parse(server), 3306};
  flow.receiver = {*IpAddress::parse("10.1.1.20"), 50000};
  flow.direction = Direction::retrieval;
  flow.bytes = 1000;
  flow.start = flow.end = flow.now = now;
  return flow;
}

TEST(Reporter, ARetrievalIsABulkAccessAndOffHoursIsSaid) {
  const ReportConfig config;
  Reporter reporter(config);
  Findings f;
  f.cards(0, 20);
  std::vector<Alert> out;
  reporter.flow_ended(retrieval("10.9.0.5", beijing(10)), f.findings, nullptr, out);
  reporter.flow_ended(retrieval("10.9.0.5", beijing(2)), f.findings, nullptr, out);
  ASSERT_EQ(out.size(), 2u);  // each a warning, and so is their sum
  EXPECT_EQ(out[0].event, "dlp.bulk_access");
  EXPECT_EQ(out[0].direction, Direction::retrieval);
  EXPECT_EQ(out[0].src.ip.to_string(), "10.9.0.5");
  EXPECT_EQ(out[0].dst.ip.to_string(), "10.1.1.20");
  EXPECT_FALSE(out[0].off_hours);
  EXPECT_TRUE(out[1].off_hours);
}

// Two servers, one workstation: each flow is a warning, their sum critical.
TEST(Reporter, AWorkstationsRetrievalsAreSummedAcrossServers) {
  const ReportConfig config;
  Reporter reporter(config);
  Findings crm, his;
  crm.cards(0, 30);
  his.cards(100, 30);
  std::vector<Alert> out;
  reporter.flow_ended(retrieval("10.9.0.5", beijing(18, 30)), crm.findings, nullptr, out);
  reporter.flow_ended(retrieval("10.9.0.6", beijing(19, 30)), his.findings, nullptr, out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].severity, Severity::warning);
  EXPECT_EQ(out[1].severity, Severity::warning);
  const Alert& summary = out[2];
  EXPECT_EQ(summary.event, "dlp.workstation_summary");
  EXPECT_EQ(summary.severity, Severity::critical);
  EXPECT_EQ(summary.direction, Direction::retrieval);
  EXPECT_EQ(summary.dst.ip.to_string(), "10.1.1.20");
  EXPECT_EQ(summary.distinct, 60u);
  EXPECT_EQ(reporter.workstation_stats().hosts, 1u);
  EXPECT_EQ(reporter.host_stats().hosts, 0u);  // nothing went out
}

TEST(Reporter, RunningRetrievalsSayBulkAccessThreshold) {
  const ReportConfig config;
  Reporter reporter(config);
  Findings f;
  f.cards(0, 10);
  ThresholdMarks marks;
  std::vector<Alert> out;
  reporter.flow_running(retrieval("10.9.0.5", beijing(10)), f.findings, marks, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].event, "dlp.bulk_access_threshold");
}

TEST(WorkHours, LocalTimeAndSpansPastMidnight) {
  WorkHoursConfig day;
  const WorkHours office(day);
  EXPECT_TRUE(office.contains(beijing(8)));
  EXPECT_TRUE(office.contains(beijing(18, 59)));
  EXPECT_FALSE(office.contains(beijing(19)));
  EXPECT_FALSE(office.contains(beijing(2)));
  WorkHoursConfig night;
  ASSERT_TRUE(parse_work_hours("22:00-06:00", night.from_minute, night.to_minute));
  night.timezone = "UTC";
  const WorkHours shift(night);
  EXPECT_TRUE(shift.contains(beijing(6)));    // 22:00 UTC the day before
  EXPECT_TRUE(shift.contains(beijing(13)));   // 05:00 UTC
  EXPECT_FALSE(shift.contains(beijing(14)));  // 06:00 UTC
  int from = 0, to = 0;
  for (const char* bad : {"8:00-19:00", "08:00-24:00", "08:00", "08:00-08:00", "08:60-19:00", "aa:bb-cc:dd"})
    EXPECT_FALSE(parse_work_hours(bad, from, to)) << bad;
}

}  // namespace
}  // namespace dlp::test
