#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "e2e/sensor_run.hpp"

namespace dlp::test {
namespace {

using nlohmann::json;

struct Expected {
  std::string category;
  std::uint64_t distinct;
  std::vector<std::string> samples;
  std::string severity;
  double score;
  std::uint64_t records = 0;
};

// The 200-row upload of tests/captures/pcapgen.py; its first three rows are fixed.
// Cards are tier A (serious from 50), the rest tier C (from 5,000). Each row
// is a record built around its first identifier, the resident ID, and takes
// the richest tier in it: the card's A.
const std::vector<Expected> kUpload = {
    {"bank_card", 200, {"6222***********3446", "6228***********0018", "6217***********0002"}, "critical", 4.0},
    {"cn_mobile", 200, {"138****5678", "159****1111", "186****9999"}, "info", 0.04},
    {"cn_resident_id", 200, {"110105********0032", "310104********0042", "440305********0013"}, "critical", 4.0, 200},
    {"email", 200, {"z***@example.cn", "l***@qq.com", "w***@163.com"}, "info", 0.04},
};
constexpr std::uint64_t kUploadBytes = 16411;  // the HTTP request: headers and CSV body

void expect_alerts(const SensorRun& run, const std::vector<Expected>& want, const std::string& src,
                   const std::string& dst, std::uint64_t bytes) {
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto alerts = run.alerts();
  ASSERT_EQ(alerts.size(), want.size()) << run.out;
  for (std::size_t i = 0; i < want.size(); ++i) {
    const json& a = alerts[i];
    SCOPED_TRACE(a.dump());
    EXPECT_EQ(a["event"], "dlp.flow");
    EXPECT_EQ(a["category"], want[i].category);
    EXPECT_EQ(a["src_ip"], src);
    EXPECT_EQ(a["src_port"], 50000);
    EXPECT_EQ(a["dst_ip"], dst);
    EXPECT_EQ(a["dst_port"], 80);
    EXPECT_EQ(a["proto"], "tcp");
    EXPECT_EQ(a["direction"], "outbound");
    EXPECT_EQ(a["matches"], want[i].distinct);
    EXPECT_EQ(a["distinct"], want[i].distinct);
    EXPECT_EQ(a["samples"], json(want[i].samples));
    EXPECT_EQ(a["severity"], want[i].severity);
    EXPECT_NEAR(a["score"].get<double>(), want[i].score, 1e-9);
    EXPECT_EQ(a["masked"], 0);
    EXPECT_EQ(a["sample_values"], 0);
    EXPECT_EQ(a["records"], want[i].records);
    EXPECT_EQ(a["bytes"], bytes);
  }
}

class UploadReplay : public ::testing::TestWithParam<const char*> {};

TEST_P(UploadReplay, ReportsEveryRecordOfTheUpload) {
  auto run = run_sensor({"--read", generated(GetParam()), "--alert-format", "json"});
  expect_alerts(run, kUpload, "10.1.1.10", "203.0.113.10", kUploadBytes);
}

INSTANTIATE_TEST_SUITE_P(Captures, UploadReplay,
                         ::testing::Values("http_upload.pcap", "tiny_segments.pcap", "reordered.pcap",
                                           "ipv4_fragments.pcap", "rst.pcap", "linux_sll.pcap", "raw_ip.pcap",
                                           "bsd_null.pcap"),
                         [](const auto& info) {
                           std::string n = info.param;
                           return n.substr(0, n.find('.'));
                         });

// Only the client's packets were captured: the flow still ends at its FIN.
TEST(Replay, OneSidedCaptureEndsAtTheFin) {
  auto run = run_sensor({"--read", generated("one_sided.pcap"), "--alert-format", "json"});
  expect_alerts(run, kUpload, "10.1.1.10", "203.0.113.10", kUploadBytes);
  EXPECT_EQ(run.stats()["flows"]["closed"], 1);
  EXPECT_EQ(run.stats()["flows"]["timed_out"], 0);
}

TEST(Replay, Ipv6OverQinQ) {
  auto run = run_sensor({"--read", generated("ipv6_vlan.pcap"), "--alert-format", "json"});
  expect_alerts(run, kUpload, "fd00::10", "2001:db8::10", kUploadBytes);
}

// The first 1000 bytes (headers and 11 rows) were never captured.
TEST(Replay, MidstreamPickup) {
  auto run = run_sensor({"--read", generated("midstream.pcap"), "--alert-format", "json"});
  expect_alerts(run,
                {{"bank_card", 189, {"6222********2882", "6013***********8800", "6228********1751"}, "critical", 3.78},
                 {"cn_mobile", 189, {"199****6122", "139****8395", "177****8718"}, "info", 0.0378},
                 {"cn_resident_id",
                  189,
                  {"320102********8094", "440305********8951", "440305********1243"},
                  "critical",
                  3.78,
                  189},
                 {"email", 189, {"e***@example.cn", "o***@qq.com", "t***@example.cn"}, "info", 0.0378}},
                "10.1.1.10", "203.0.113.10", kUploadBytes - 1000);
}

TEST(Replay, NoAlertForInboundInternalOrDecoys) {
  for (const char* name : {"download.pcap", "internal.pcap", "decoys.pcap"}) {
    auto run = run_sensor({"--read", generated(name), "--alert-format", "json"});
    EXPECT_EQ(run.exit_code, 0) << name;
    EXPECT_TRUE(run.alerts().empty()) << name;
  }
}

TEST(Replay, DecoysNeverValidate) {
  auto run = run_sensor({"--read", generated("decoys.pcap"), "--all-directions", "--alert-format", "json"});
  EXPECT_TRUE(run.alerts().empty());
  EXPECT_EQ(run.stats()["scan"]["validated"], 0);
  EXPECT_GT(run.stats()["scan"]["matches"].get<int>(), 1000);  // the patterns did fire
}

TEST(Replay, AllDirectionsReportsTheDownloadAsInbound) {
  auto run = run_sensor({"--read", generated("download.pcap"), "--all-directions", "--alert-format", "json"});
  auto alerts = run.alerts();
  ASSERT_EQ(alerts.size(), 4u);
  EXPECT_EQ(alerts[0]["direction"], "inbound");
  EXPECT_EQ(alerts[0]["src_ip"], "203.0.113.10");
  EXPECT_EQ(alerts[0]["distinct"], 200);
}

// De-identified values and well-known examples are counted apart and never
// make an alert or its severity: the resident IDs there are all masked or
// GB 11643's own examples, so that category does not alert at all.
TEST(Replay, MaskedAndExampleValuesAreNotLeaks) {
  auto run = run_sensor({"--read", generated("deidentified.pcap"), "--alert-format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto alerts = run.alerts();
  ASSERT_EQ(alerts.size(), 2u) << run.out;
  auto counts = [](const json& a) {
    return json{{"category", a["category"]},           {"distinct", a["distinct"]}, {"masked", a["masked"]},
                {"sample_values", a["sample_values"]}, {"score", a["score"]},       {"severity", a["severity"]}};
  };
  EXPECT_EQ(counts(alerts[0]), (json{{"category", "bank_card"},
                                     {"distinct", 60},
                                     {"masked", 2},
                                     {"sample_values", 1},
                                     {"score", 1.2},
                                     {"severity", "critical"}}));
  EXPECT_EQ(counts(alerts[1]), (json{{"category", "cn_mobile"},
                                     {"distinct", 10},
                                     {"masked", 30},
                                     {"sample_values", 1},
                                     {"score", 0.002},
                                     {"severity", "info"}}));
  EXPECT_EQ(run.stats()["scan"]["masked"], 37);
  EXPECT_EQ(run.stats()["scan"]["sample_values"], 4);

  // Staff data (Art. 5 item 8): half the thresholds, twice the score.
  auto insider = run_sensor({"--read", generated("deidentified.pcap"), "--alert-format", "json", "--insider"});
  ASSERT_EQ(insider.alerts().size(), 2u);
  EXPECT_EQ(insider.alerts()[0]["score"], 2.4);
  EXPECT_EQ(insider.alerts()[1]["score"], 0.004);
}

// A flow open past --threshold-alert-after (30 s) reports each severity
// level as it reaches it, once; its end still reports the totals.
TEST(Replay, LongFlowReportsEachLevelItCrosses) {
  auto run = run_sensor({"--read", generated("long_upload.pcap"), "--alert-format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto alerts = run.alerts();
  ASSERT_EQ(alerts.size(), 4u) << run.out;
  struct Want {
    const char* event;
    const char* severity;
    int distinct;
    const char* timestamp;
  };
  // A 10-minute flow. Ten cards came before it was 30 s old: nothing then.
  // At 4 min it holds 20 (warning); at 6 min 60 (critical); severe is
  // crossed inside the last batch of 500 at 8 min, at its 477th card.
  const Want want[] = {{"dlp.flow_threshold", "warning", 20, "2023-11-14T22:17:20.004000Z"},
                       {"dlp.flow_threshold", "critical", 60, "2023-11-14T22:19:20.004000Z"},
                       {"dlp.flow_threshold", "severe", 537, "2023-11-14T22:21:20.010999Z"},
                       {"dlp.flow", "severe", 560, "2023-11-14T22:23:20.006000Z"}};
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    SCOPED_TRACE(alerts[i].dump());
    EXPECT_EQ(alerts[i]["event"], want[i].event);
    EXPECT_EQ(alerts[i]["category"], "bank_card");
    EXPECT_EQ(alerts[i]["severity"], want[i].severity);
    EXPECT_EQ(alerts[i]["distinct"], want[i].distinct);
    EXPECT_EQ(alerts[i]["timestamp"], want[i].timestamp);
    EXPECT_EQ(alerts[i]["flow_start"], "2023-11-14T22:13:20.001000Z");
  }

  // With no minimum age even a short upload reports its levels as it goes:
  // 200 cards, and 200 records around the IDs (tier A: they hold a card),
  // pass warning and then critical before the flow ends.
  auto at_once =
      run_sensor({"--read", generated("http_upload.pcap"), "--alert-format", "json", "--threshold-alert-after", "0"});
  auto early = at_once.alerts();
  ASSERT_EQ(early.size(), 8u) << at_once.out;
  const std::pair<const char*, const char*> crossings[] = {{"bank_card", "warning"},
                                                           {"cn_resident_id", "warning"},
                                                           {"bank_card", "critical"},
                                                           {"cn_resident_id", "critical"}};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(early[i]["event"], "dlp.flow_threshold");
    EXPECT_EQ(early[i]["category"], crossings[i].first);
    EXPECT_EQ(early[i]["severity"], crossings[i].second);
  }
  for (std::size_t i = 4; i < early.size(); ++i) EXPECT_EQ(early[i]["event"], "dlp.flow");
}

TEST(Replay, StatsCountReassemblyEvents) {
  auto run = run_sensor({"--read", generated("reordered.pcap"), "--alert-format", "json"});
  json tcp = run.stats()["tcp"];
  EXPECT_EQ(tcp["segments"], 40);
  EXPECT_EQ(tcp["out_of_order"], 18);
  EXPECT_EQ(tcp["retransmissions"], 6);
  // Four retransmissions carry different bytes; one of them rewrites bytes
  // delivered more than 512 bytes earlier, past what is kept for the check.
  EXPECT_EQ(tcp["overlaps_different"], 3);
  EXPECT_EQ(tcp["gaps"], 0);
  EXPECT_EQ(run.stats()["flows"]["closed"], 1);

  auto frag = run_sensor({"--read", generated("ipv4_fragments.pcap"), "--alert-format", "json"});
  EXPECT_EQ(frag.stats()["defrag"]["fragments"], 36);
  EXPECT_EQ(frag.stats()["defrag"]["reassembled"], 12);
}

TEST(Replay, Rfc5424IsTheDefaultFormat) {
  auto run = run_sensor({"--read", bundled("demo.pcap")});
  ASSERT_EQ(run.exit_code, 0);
  std::istringstream lines(run.out);
  std::string first;
  std::getline(lines, first);
  // <local4.crit>1 TIMESTAMP HOST dlp-sensor PID MSGID [SD] MSG: 200 card
  // numbers are four times the tier A threshold of 50. The Community ID is tshark's for this flow.
  std::regex shape(
      R"re(<162>1 2023-11-14T22:13:20\.\d{6}Z \S+ dlp-sensor \d+ dlp\.flow \[dlp@32473 schema_version="1" signature_id="1003" signature="Bank card number \(UnionPay\)" category="bank_card" severity="critical" score="4\.0000" src_ip="10\.1\.1\.10" src_port="50000" dst_ip="203\.0\.113\.10" dst_port="80" proto="tcp" app="http" direction="outbound" matches="200" distinct="200" masked="0" sample_values="0" records="0" high_confidence="200" medium_confidence="0" low_confidence="0" samples="6222\*{11}3446,6228\*{11}0018,6217\*{11}0002" flow_start="[^"]+" flow_end="[^"]+" bytes="16411" community_id="1:DKpILKAARZ0/2\+HbwXjMrkaT41Q=" http_method="POST" http_host="upload\.example\.net" http_uri="/upload" legal_tier="A"\] 200 distinct bank_card values sent from 10\.1\.1\.10 to 203\.0\.113\.10 port 80)re");
  EXPECT_TRUE(std::regex_match(first, shape)) << first;
}

struct CategoryWant {
  const char* category;
  const char* severity;
  double score;
  int distinct;
  int records;
  int high, medium, low;  // distinct values by confidence
};

void expect_categories(const std::vector<nlohmann::json>& alerts, const char* event,
                       const std::vector<CategoryWant>& want) {
  std::vector<nlohmann::json> of_event;
  for (const auto& a : alerts)
    if (a["event"] == event) of_event.push_back(a);
  ASSERT_EQ(of_event.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto& a = of_event[i];
    SCOPED_TRACE(a.dump());
    EXPECT_EQ(a["category"], want[i].category);
    EXPECT_EQ(a["severity"], want[i].severity);
    EXPECT_NEAR(a["score"].get<double>(), want[i].score, 1e-9);
    EXPECT_EQ(a["distinct"], want[i].distinct);
    EXPECT_EQ(a["records"], want[i].records);
    EXPECT_EQ(a["confidence"], json({{"high", want[i].high}, {"medium", want[i].medium}, {"low", want[i].low}}));
  }
}

// A hospital's GBK patient export of 600 rows (name, ID, mobile, address,
// medical record number): every row is a record, tier B (health) for the
// medical record number in it, deduplicated by its resident ID: 600/500 is
// critical. The header makes the IDs and mobiles high confidence and the
// names, addresses and record numbers under it are read from their columns.
TEST(Replay, PatientExportIsCritical) {
  auto run = run_sensor({"--read", generated("patients_600.pcap"), "--alert-format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  expect_categories(run.alerts(), "dlp.flow",
                    {{"cn_mobile", "warning", 0.12, 600, 0, 600, 0, 0},
                     {"cn_resident_id", "critical", 1.2, 600, 600, 600, 0, 0},
                     {"person_name", "warning", 0.12, 600, 0, 0, 0, 600},
                     {"address", "warning", 0.12, 600, 0, 0, 0, 600},
                     {"medical_record_no", "critical", 1.2, 600, 0, 0, 0, 600}});
  EXPECT_EQ(run.alerts()[1]["samples"], json({"110105********4039", "110105********7508", "420106********4026"}));
  EXPECT_EQ(run.alerts()[2]["samples"], json({"王*", "李*", "张*"}));
}

// Art. 5 item 8 halves the thresholds for insiders: 300 patient records are
// warning from outside, critical with --insider.
TEST(Replay, InsiderHalvesTheThresholds) {
  auto outside = run_sensor({"--read", generated("patients_300.pcap"), "--alert-format", "json"});
  auto inside = run_sensor({"--read", generated("patients_300.pcap"), "--alert-format", "json", "--insider"});
  ASSERT_EQ(inside.exit_code, 0) << inside.err;
  ASSERT_EQ(outside.alerts().size(), 5u);
  ASSERT_EQ(inside.alerts().size(), 5u);
  EXPECT_EQ(outside.alerts()[1]["category"], "cn_resident_id");
  EXPECT_EQ(outside.alerts()[1]["severity"], "warning");
  EXPECT_NEAR(outside.alerts()[1]["score"].get<double>(), 0.6, 1e-9);
  EXPECT_EQ(inside.alerts()[1]["records"], 300);
  EXPECT_EQ(inside.alerts()[1]["severity"], "critical");
  EXPECT_NEAR(inside.alerts()[1]["score"].get<double>(), 1.2, 1e-9);
}

// A gzip'd JSON customer list POSTed in chunked transfer coding: nothing of
// it can be read in the raw bytes; the HTTP analyzer inflates the body and
// every object is a record (name, ID, mobile).
TEST(Replay, GzipChunkedJsonUpload) {
  auto run = run_sensor({"--read", generated("gzip_chunked_json.pcap"), "--alert-format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto alerts = run.alerts();
  expect_categories(alerts, "dlp.flow",
                    {{"cn_mobile", "info", 0.04, 200, 0, 200, 0, 0},
                     {"cn_resident_id", "info", 0.04, 200, 200, 200, 0, 0},
                     {"person_name", "info", 0.04, 200, 0, 0, 0, 200}});
  for (const auto& a : alerts) {
    EXPECT_EQ(a["src_ip"], "10.1.1.10");
    EXPECT_EQ(a["src_port"], 50000);
    EXPECT_EQ(a["dst_ip"], "203.0.113.10");
    EXPECT_EQ(a["dst_port"], 80);
    EXPECT_EQ(a["direction"], "outbound");
    EXPECT_EQ(a["app"], "http");
    EXPECT_EQ(a["http_method"], "POST");
    EXPECT_EQ(a["http_host"], "crm.example.net");
    EXPECT_EQ(a["http_uri"], "/api/customers/import");
    EXPECT_FALSE(a.contains("filename"));
  }
  EXPECT_EQ(run.stats()["http"]["decoded_bodies"], 2);  // the request's and the response's
  EXPECT_EQ(run.stats()["http"]["messages"], 2);        // the request and its response
}

// One phone number in a chat message: reported, as info.
TEST(Replay, OnePhoneNumberInAChatIsInfo) {
  auto run = run_sensor({"--read", generated("chat.pcap"), "--alert-format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  expect_categories(run.alerts(), "dlp.flow", {{"cn_mobile", "info", 0.0002, 1, 0, 1, 0, 0}});
}

// One host sends 600 patient records in three flows of 200, to three
// servers: each flow is a warning; the host's sum is what is critical, and
// only what no flow said alone is reported for the host.
TEST(Replay, HostSummaryAcrossThreeFlows) {
  auto run = run_sensor({"--read", generated("host_three_flows.pcap"), "--alert-format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto alerts = run.alerts();
  std::vector<CategoryWant> flow = {{"cn_mobile", "info", 0.04, 200, 0, 200, 0, 0},
                                    {"cn_resident_id", "warning", 0.4, 200, 200, 200, 0, 0},
                                    {"person_name", "info", 0.04, 200, 0, 0, 0, 200},
                                    {"address", "info", 0.04, 200, 0, 0, 0, 200},
                                    {"medical_record_no", "warning", 0.4, 200, 0, 0, 0, 200}};
  std::vector<CategoryWant> flows;
  for (int i = 0; i < 3; ++i) flows.insert(flows.end(), flow.begin(), flow.end());
  expect_categories(alerts, "dlp.flow", flows);
  expect_categories(alerts, "dlp.host_summary",
                    {{"cn_mobile", "warning", 0.12, 600, 0, 600, 0, 0},
                     {"cn_resident_id", "critical", 1.2, 600, 600, 600, 0, 0},
                     {"person_name", "warning", 0.12, 600, 0, 0, 0, 600},
                     {"address", "warning", 0.12, 600, 0, 0, 0, 600},
                     {"medical_record_no", "critical", 1.2, 600, 0, 0, 0, 600}});
  const auto& host = alerts.back();
  EXPECT_EQ(host["src_ip"], "10.1.1.20");
  EXPECT_EQ(host["flow_start"], "2023-11-14T22:13:20.001000Z");
  EXPECT_EQ(host["timestamp"], "2023-11-14T22:33:20.018999Z");  // the third flow's end
  // A window shorter than the 20 minutes the flows span never holds all three.
  auto short_window =
      run_sensor({"--read", generated("host_three_flows.pcap"), "--alert-format", "json", "--host-window", "1"});
  EXPECT_EQ(short_window.alerts().size(), 15u + 5u);
}

TEST(Replay, AlertsToFileAndSeveralInputs) {
  std::string out = temp_dir() + "/alerts.json";
  auto run = run_sensor({"--read", generated("http_upload.pcap"), "--read", generated("ipv6_vlan.pcap"),
                         "--alert-format", "json", "--alert-output", out});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, "");
  std::ifstream in(out);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  EXPECT_EQ(lines.size(), 8u);
  EXPECT_EQ(run.stats()["alerts"], 8);
}

// The digest sha256sum gives of a file.
std::string sha256sum(const std::string& path) {
  std::string out(64, '\0');
  FILE* p = popen(("sha256sum '" + path + "'").c_str(), "r");
  const std::size_t n = p ? std::fread(out.data(), 1, out.size(), p) : 0;
  if (p) pclose(p);
  out.resize(n);
  return out;
}

// A replay ends with dlp.replay_summary in every format (--replay-summary): each file read with
// its size, SHA-256 (sha256sum's), link type, packets and their times; the
// settings and the totals of the alerts by category and severity.
TEST(Replay, ItsSummaryNamesEachFileWithItsDigest) {
  const std::string first = generated("http_upload.pcap"), second = generated("ipv6_vlan.pcap");
  auto run = run_sensor({"--read", first, "--read", second, "--alert-format", "json", "--insider", "--replay-summary"});
  ASSERT_EQ(run.exit_code, 0);
  const auto last = nlohmann::json::parse(run.out.substr(run.out.rfind("{\"timestamp\"")));
  ASSERT_EQ(last["event"], "dlp.replay_summary");
  const auto& files = last["files"];
  ASSERT_EQ(files.size(), 2u);
  const std::string paths[] = {first, second};
  for (int i = 0; i < 2; ++i) {
    SCOPED_TRACE(files[i].dump());
    EXPECT_EQ(files[i]["name"], paths[i]);
    EXPECT_EQ(files[i]["size"], std::filesystem::file_size(paths[i]));
    EXPECT_EQ(files[i]["sha256"], sha256sum(paths[i]));
    EXPECT_EQ(files[i]["linktype"], "EN10MB");
  }
  EXPECT_EQ(files[0]["packets"], 19);
  EXPECT_EQ(files[0]["first_packet"], "2023-11-14T22:13:20.001000Z");
  EXPECT_EQ(last["settings"]["insider"], true);
  EXPECT_EQ(last["settings"]["version"], DLP_VERSION);
  EXPECT_EQ(last["settings"]["signature_digest"].get<std::string>().size(), 64u);
  // The totals are the sums of the flow alerts.
  std::map<std::string, int> distinct;
  for (const auto& a : run.alerts())
    if (a["event"] == "dlp.flow") distinct[a["category"]] += a["distinct"].get<int>();
  ASSERT_FALSE(distinct.empty());
  for (const auto& [category, n] : distinct) EXPECT_EQ(last["totals"]["by_category"][category]["distinct"], n);
  EXPECT_EQ(last["bytes"], std::filesystem::file_size(first) + std::filesystem::file_size(second));

  // RFC 5424: the same parts as JSON texts in structured-data parameters.
  auto syslog = run_sensor({"--read", first, "--read", second, "--replay-summary"});
  const std::string line = syslog.out.substr(syslog.out.rfind("<"));
  EXPECT_NE(line.find(" dlp.replay_summary [dlp@32473 schema_version=\"1\""), std::string::npos) << line;
  for (const auto& path : paths)
    EXPECT_NE(line.find("\\\"sha256\\\":\\\"" + sha256sum(path) + "\\\""), std::string::npos) << line;
}

// Corrupt input: one line naming the file, exit 1, and what was read before
// still reported.
TEST(Replay, TruncatedCaptureStillReportsWhatWasRead) {
  std::string cut = temp_dir() + "/cut.pcap";
  // A directory left by an earlier process with the same pid may hold one already.
  std::filesystem::copy_file(generated("http_upload.pcap"), cut, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::resize_file(cut, std::filesystem::file_size(cut) - 100);
  auto run = run_sensor({"--read", cut, "--alert-format", "json"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("dlp-sensor: " + cut + ": truncated dump file"), std::string::npos) << run.err;
  auto alerts = run.alerts();
  ASSERT_EQ(alerts.size(), 4u);
  EXPECT_EQ(alerts[0]["distinct"], 200);
}

TEST(Replay, UnreadableCaptures) {
  auto missing = run_sensor({"--read", "/nonexistent.pcap"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("dlp-sensor: /nonexistent.pcap: "), std::string::npos);
  auto damaged = run_sensor({"--read", bundled("pcapfix_test_damaged.pcap")});
  EXPECT_EQ(damaged.exit_code, 1);
  EXPECT_EQ(damaged.stats()["packets"], 1);
}

}  // namespace
}  // namespace dlp::test
