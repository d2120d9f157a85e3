#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "alert/alert_format.hpp"

namespace dlp {
namespace {

// An alert whose text fields carry everything a format must escape: quotes,
// ']', '|', '=', backslashes, a line break and bytes that are not UTF-8.
Alert hostile_alert() {
  Alert a;
  a.timestamp = {1700000000123456};
  a.event = "dlp.flow";
  a.signature_id = 1002;
  a.signature = "Mobile \"quoted\" ]bracket| pipe = eq \\back\nnext line \xff\xfe end";
  a.category = "cn_mobile";
  a.severity = Severity::critical;
  a.score = 1.25;
  a.src = {*IpAddress::parse("10.1.1.10"), 50000};
  a.dst = {*IpAddress::parse("2001:db8::10"), 443};
  a.proto = "tcp";
  a.app = "raw|x=y]";
  a.direction = Direction::outbound;
  a.matches = 12;
  a.distinct = 10;
  a.masked = 3;
  a.sample_values = 1;
  a.records = 7;
  a.high_confidence = 4;
  a.medium_confidence = 5;
  a.low_confidence = 1;
  a.samples = {"138****5678", "159****1111"};
  a.flow_start = {1700000000000000};
  a.flow_end = {1700000000123456};
  a.bytes = 4096;
  a.community_id = "1:wCb3OG7yAFWelaUydu0D+125CLM=";
  a.content.http_method = "POST";
  a.content.http_host = "crm.example.net";
  a.content.http_uri = "/up?a=1&b=\"2\"]|=";
  a.content.filename = "客户名单 \"2024\".xlsx";
  a.mail_from = "clerk@example.com";
  a.rcpt_to = 2;
  a.truncated = true;
  return a;
}

// What a workstation pulled from a database off hours; the statement too
// carries what a format must escape.
Alert retrieval_alert() {
  Alert a = hostile_alert();
  a.event = "dlp.bulk_access";
  a.direction = Direction::retrieval;
  a.app = "mysql";
  a.content = {};
  a.content.db_query = "SELECT * FROM t WHERE a = '\"x\"]|=\\' AND\nb = 1";
  a.mail_from.clear();
  a.rcpt_to = 0;
  a.truncated = false;
  a.db_user = "analyst";
  a.db_name = "crm";
  a.rows = 1000;
  a.off_hours = true;
  return a;
}

SyslogIdentity identity() {
  SyslogIdentity id;
  id.hostname = "sensor1";
  id.procid = "4242";
  return id;
}

// Compares with tests/alert/golden/NAME; DLP_UPDATE_GOLDEN=1 rewrites the
// file instead (then review the diff before committing it).
void expect_golden(const std::string& actual, const std::string& name) {
  const std::string path = std::string(DLP_SOURCE_DIR) + "/tests/alert/golden/" + name;
  if (std::getenv("DLP_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << actual << '\n';
    return;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  if (!text.empty() && text.back() == '\n') text.pop_back();
  EXPECT_EQ(actual, text);
}

TEST(AlertFormat, Json) { expect_golden(format_alert(AlertFormat::json, hostile_alert(), identity()), "json.txt"); }

TEST(AlertFormat, Rfc5424) {
  expect_golden(format_alert(AlertFormat::rfc5424, hostile_alert(), identity()), "rfc5424.txt");
}

TEST(AlertFormat, Rfc3164) {
  expect_golden(format_alert(AlertFormat::rfc3164, hostile_alert(), identity()), "rfc3164.txt");
}

TEST(AlertFormat, Cef) { expect_golden(format_alert(AlertFormat::cef, hostile_alert(), identity()), "cef.txt"); }

// An ICAP message's user, id and action in each format.
TEST(AlertFormat, IcapFields) {
  Alert a = hostile_alert();
  a.app = "icap";
  a.community_id.clear();
  a.mail_from.clear();
  a.user = "zhang.wei";
  a.alert_id = "8a31e9ee00000001";
  a.action = "blocked";
  for (const auto& [format, name] : {std::pair{AlertFormat::json, "icap_json.txt"},
                                     {AlertFormat::rfc5424, "icap_rfc5424.txt"},
                                     {AlertFormat::cef, "icap_cef.txt"}})
    expect_golden(format_alert(format, a, identity()), name);
}

// A retrieval's database fields in each format; a workstation summary's off-hours records.
TEST(AlertFormat, RetrievalFields) {
  for (const auto& [format, name] : {std::pair{AlertFormat::json, "retrieval_json.txt"},
                                     {AlertFormat::rfc5424, "retrieval_rfc5424.txt"},
                                     {AlertFormat::cef, "retrieval_cef.txt"}})
    expect_golden(format_alert(format, retrieval_alert(), identity()), name);
  Alert summary = retrieval_alert();
  summary.event = "dlp.workstation_summary";
  summary.off_hours = false;
  summary.off_hours_records = 300;
  EXPECT_NE(format_alert(AlertFormat::json, summary, identity()).find(",\"off_hours_records\":300"), std::string::npos);
  EXPECT_NE(format_alert(AlertFormat::cef, summary, identity()).find(" cfp3=300 cfp3Label=off_hours_records"),
            std::string::npos);
}

TEST(AlertFormat, FacilityAndEnterpriseNumber) {
  SyslogIdentity id = identity();
  id.facility = 16;  // local0
  id.enterprise_number = 99999;
  std::string line = format_rfc5424(hostile_alert(), id);
  EXPECT_EQ(line.rfind("<130>1 2023-11-14T22:13:20.123456Z sensor1 dlp-sensor 4242 dlp.flow [dlp@99999 ", 0), 0u)
      << line;
}

TEST(AlertFormat, SeverityMapsToSyslogSeverity) {
  EXPECT_EQ(syslog_severity(Severity::info), 6);
  EXPECT_EQ(syslog_severity(Severity::warning), 4);
  EXPECT_EQ(syslog_severity(Severity::critical), 2);
  EXPECT_EQ(syslog_severity(Severity::severe), 1);
}

}  // namespace
}  // namespace dlp
