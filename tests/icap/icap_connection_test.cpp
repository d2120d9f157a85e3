#include "icap/icap_connection.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/content_helper.hpp"
#include "icap/icap_responses.hpp"

namespace dlp::icap_connection_test {

// Mobile numbers and resident IDs of made-up people (valid check digits).
std::string customer_csv(int rows) {
  std::string csv = "姓名,身份证号,手机\n";
  for (int i = 0; i < rows; ++i) {
    const std::string id17 = fmt::format("1101051990{:02}{:02}{:03}", 1 + i % 12, 1 + i % 28, i % 1000);
    static constexpr int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int k = 0; k < 17; ++k) sum += (id17[k] - '0') * kWeights[k];
    csv += fmt::format("用户{},{}{},139{:08}\n", i, id17, "10X98765432"[sum % 11], 10000000 + i * 7);
  }
  return csv;
}

// The alert of `category` among `alerts`, or none.
const Alert* alert_of(const std::vector<Alert>& alerts, std::string_view category) {
  for (const Alert& a : alerts)
    if (a.category == category) return &a;
  return nullptr;
}

struct Harness {
  IcapConfig icap;
  AppConfig app;
  FindingsConfig findings;
  ScanConfig scan;
  ReportConfig report;
  std::vector<Alert> alerts;
  std::unique_ptr<IcapService> service;
  std::unique_ptr<IcapConnection> connection;

  void start() {
    static const Engine engine = std::make_shared<const DetectionEngine>(
        DLP_DEFAULT_SIGNATURES, ValidatorConfig{2026}, "", DLP_DEFAULT_SIGNATURES "/destinations.list");
    service = std::make_unique<IcapService>(icap, InspectionConfig{app, findings, scan, report}, engine,
                                            [this](const Alert& a) { alerts.push_back(a); });
    connection = std::make_unique<IcapConnection>(*service, *IpAddress::parse("192.0.2.1"));
  }
  // What the server answers to `input`, fed in pieces of `piece` bytes.
  std::string send(const std::string& input, std::size_t piece = 1 << 20, bool* keep = nullptr) {
    std::string out;
    bool open = true;
    for (std::size_t at = 0; at < input.size() && open; at += piece)
      open = connection->receive(as_bytes(std::string_view(input).substr(at, piece)), out);
    if (keep) *keep = open;
    return out;
  }
};

std::string chunked(const std::string& body, std::size_t preview = std::string::npos) {
  std::string out;
  for (std::size_t at = 0; at < body.size(); at += 1000) {
    const std::string piece = body.substr(at, std::min<std::size_t>(1000, std::min(body.size(), preview) - at));
    if (piece.empty()) break;
    out += icap_chunk(as_bytes(piece));
    if (at + piece.size() == preview) break;
  }
  return out + (preview < body.size() ? "0\r\n\r\n" : preview == std::string::npos ? "0\r\n\r\n" : "0; ieof\r\n\r\n");
}

// The bytes of a chunked body.
std::string dechunked(std::string_view chunks) {
  std::string out;
  for (;;) {
    const std::size_t size = std::stoul(std::string(chunks.substr(0, chunks.find("\r\n"))), nullptr, 16);
    if (size == 0) return out;
    chunks.remove_prefix(chunks.find("\r\n") + 2);
    out += chunks.substr(0, size);
    chunks.remove_prefix(size + 2);
  }
}

std::string http_post(const std::string& body, const std::string& extra = "") {
  return fmt::format(
      "POST https://pan.baidu.com/upload?dir=/ HTTP/1.1\r\nHost: pan.baidu.com\r\nContent-Type: text/csv\r\n"
      "{}Content-Length: {}\r\n\r\n",
      extra, body.size());
}

std::string reqmod(const std::string& http_head, const std::string& chunks, const std::string& fields,
                   const std::string& client = "10.1.2.3") {
  return fmt::format(
      "REQMOD icap://127.0.0.1:1344/reqmod ICAP/1.0\r\nHost: 127.0.0.1:1344\r\nX-Client-IP: {}\r\n"
      "X-Authenticated-User: {}\r\n{}Encapsulated: req-hdr=0, req-body={}\r\n\r\n{}{}",
      client, "YWxpY2U=", fields, http_head.size(), http_head, chunks);
}

TEST(IcapConnection, AnswersOptionsForEachService) {
  Harness h;
  h.start();
  const std::string out = h.send("OPTIONS icap://127.0.0.1/reqmod ICAP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(out, fmt::format("ICAP/1.0 200 OK\r\nServer: dlp-sensor/{}\r\nISTag: \"{}\"\r\nMethods: REQMOD\r\n"
                             "Service: dlp-sensor personal data inspection\r\nMax-Connections: 1024\r\n"
                             "Options-TTL: 3600\r\nAllow: 204\r\nPreview: 4096\r\nTransfer-Preview: *\r\n"
                             "Encapsulated: null-body=0\r\n\r\n",
                             DLP_VERSION, h.service->istag()));
  const std::string respmod = h.send("OPTIONS icap://127.0.0.1/respmod ICAP/1.0\r\n\r\n");
  EXPECT_NE(respmod.find("Methods: RESPMOD\r\n"), std::string::npos);
  EXPECT_NE(respmod.find("Transfer-Ignore: jpg,jpeg,png,gif,webp,ico,svg,mp4,webm,mp3,woff,woff2\r\n"),
            std::string::npos);
  EXPECT_EQ(h.send("OPTIONS icap://127.0.0.1/avscan ICAP/1.0\r\n\r\n").substr(0, 36),
            "ICAP/1.0 404 ICAP Service Not Found\r");
  EXPECT_EQ(h.service->stats().options, 3u);
  EXPECT_EQ(h.service->stats().unknown_service, 1u);
}

TEST(IcapConnection, AnUploadWithPersonalDataIsAllowedAndReportedInMonitorMode) {
  Harness h;
  h.start();
  const std::string body = customer_csv(300);
  const std::string out = h.send(reqmod(http_post(body), chunked(body), "Allow: 204\r\n"), 700);
  EXPECT_EQ(out.substr(0, 26), "ICAP/1.0 204 No Content\r\nS");
  ASSERT_NE(alert_of(h.alerts, "cn_resident_id"), nullptr);
  const Alert& id = *alert_of(h.alerts, "cn_resident_id");
  EXPECT_EQ(id.event, "dlp.flow");
  EXPECT_EQ(id.app, "icap");
  EXPECT_EQ(id.user, "alice");
  EXPECT_EQ(id.src.ip.to_string(), "10.1.2.3");
  EXPECT_EQ(id.dst.port, 443);
  EXPECT_EQ(id.direction, Direction::outbound);
  EXPECT_EQ(id.distinct, 300u);
  EXPECT_EQ(id.records, 300u);
  EXPECT_EQ(id.bytes, body.size());
  EXPECT_EQ(id.action, "allowed");
  EXPECT_EQ(id.alert_id.size(), 16u);
  EXPECT_EQ(id.content.http_method, "POST");
  EXPECT_EQ(id.content.http_host, "pan.baidu.com");
  EXPECT_EQ(id.content.http_uri, "https://pan.baidu.com/upload?dir=/");
  EXPECT_EQ(id.destination_kind, "cloud_storage");
  ASSERT_NE(alert_of(h.alerts, "cn_mobile"), nullptr);
  EXPECT_EQ(alert_of(h.alerts, "cn_mobile")->distinct, 300u);
  EXPECT_EQ(h.service->stats().allowed_204, 1u);
  EXPECT_EQ(h.service->stats().body_bytes, body.size());
}

TEST(IcapConnection, WhatOneUserSendsIsSummedAcrossRequestsAndAddresses) {
  Harness h;
  h.start();
  for (const char* client : {"10.1.2.3", "10.1.2.4"}) {
    const std::string body = customer_csv(300);
    h.send(reqmod(http_post(body), chunked(body), "Allow: 204\r\n", client));
  }
  std::vector<const Alert*> users, hosts;
  for (const Alert& a : h.alerts) {
    if (a.event == "dlp.user_summary") users.push_back(&a);
    if (a.event == "dlp.host_summary") hosts.push_back(&a);
  }
  EXPECT_TRUE(hosts.empty());   // each address sent 300 values: info
  ASSERT_EQ(users.size(), 2u);  // resident IDs and mobiles: 600 each, warning
  for (const Alert* a : users) {
    EXPECT_EQ(a->user, "alice");
    EXPECT_EQ(a->src.ip.to_string(), "10.1.2.4");  // where the user was last
    EXPECT_EQ(a->distinct, 600u);                  // summed over the requests, as a host's flows are
    EXPECT_EQ(a->severity, Severity::warning);
  }
  EXPECT_EQ(h.service->user_stats().hosts, 1u);
}

TEST(IcapConnection, BlockModeAnswersWithTheBlockPageNamingCountsNotValues) {
  Harness h;
  h.icap.mode = IcapMode::block;
  h.icap.block_severity = Severity::warning;
  h.start();
  const std::string body = customer_csv(600);
  const std::string out = h.send(reqmod(http_post(body), chunked(body), "Allow: 204\r\n"));
  ASSERT_FALSE(h.alerts.empty());
  const std::string id = h.alerts.front().alert_id;
  EXPECT_EQ(out.substr(0, 17), "ICAP/1.0 200 OK\r\n");
  EXPECT_NE(out.find("Encapsulated: res-hdr=0, res-body="), std::string::npos);
  EXPECT_NE(out.find("\r\n\r\nHTTP/1.1 403 Forbidden\r\n"), std::string::npos);
  EXPECT_NE(out.find("<b>" + id + "</b>"), std::string::npos);
  EXPECT_NE(out.find("<tr><td>cn_resident_id</td><td>600</td><td>600</td></tr>"), std::string::npos);
  EXPECT_EQ(out.find("110105"), std::string::npos);  // no value of the upload
  EXPECT_TRUE(out.ends_with("</html>\n\r\n0\r\n\r\n"));
  for (const Alert& a : h.alerts) EXPECT_EQ(a.action, "blocked");
  EXPECT_EQ(h.service->stats().blocked, 1u);
  // A clean upload on the same connection is allowed.
  h.alerts.clear();
  EXPECT_EQ(h.send(reqmod(http_post("hello"), chunked("hello"), "Allow: 204\r\n")).substr(0, 12), "ICAP/1.0 204");
  EXPECT_TRUE(h.alerts.empty());
}

TEST(IcapConnection, WithoutAllow204TheMessageComesBackUnchanged) {
  for (IcapMode mode : {IcapMode::monitor, IcapMode::block}) {
    Harness h;
    h.icap.mode = mode;
    h.start();
    const std::string body = "name=zhang&note=" + std::string(5000, 'z');
    const std::string head = http_post(body);
    const std::string out = h.send(reqmod(head, chunked(body), ""), 333);
    const std::string expected_head = fmt::format(
        "ICAP/1.0 200 OK\r\nServer: dlp-sensor/{}\r\nISTag: \"{}\"\r\nEncapsulated: req-hdr=0, req-body={}\r\n\r\n{}",
        DLP_VERSION, h.service->istag(), head.size(), head);
    ASSERT_EQ(out.substr(0, expected_head.size()), expected_head) << icap_mode_name(mode);
    // Monitor mode passes each piece back as it comes; block mode holds the body and sends it whole.
    const std::string chunks = out.substr(expected_head.size());
    EXPECT_EQ(dechunked(chunks), body);
    EXPECT_EQ(chunks.starts_with(icap_chunk(as_bytes(body))), mode == IcapMode::block);
    EXPECT_EQ(h.service->stats().returned_unchanged, 1u);
  }
}

TEST(IcapConnection, APreviewIsContinuedAndTheWholeBodyInspected) {
  Harness h;
  h.start();
  const std::string body = customer_csv(200);
  const std::string preview = chunked(body, 4096);
  const std::string rest = chunked(body.substr(4096));
  std::string out = h.send(reqmod(http_post(body), preview, "Allow: 204\r\nPreview: 4096\r\n"));
  EXPECT_EQ(out, "ICAP/1.0 100 Continue\r\n\r\n");
  out = h.send(rest);
  EXPECT_EQ(out.substr(0, 12), "ICAP/1.0 204");
  const Alert* ids = alert_of(h.alerts, "cn_resident_id");
  ASSERT_NE(ids, nullptr);
  EXPECT_EQ(ids->distinct, 200u);
  // A body that fits in the preview (ieof) is answered 204 even without Allow: 204.
  h.alerts.clear();
  EXPECT_EQ(h.send(reqmod(http_post("abc"), chunked("abc", 4096), "Preview: 4096\r\n")).substr(0, 12), "ICAP/1.0 204");
  EXPECT_EQ(h.service->stats().continues, 1u);
}

TEST(IcapConnection, WhatOutgrowsTheHoldIsPassedOnOrFailedByPolicy) {
  struct Case {
    IcapMode mode;
    IcapFailure failure;
    const char* start;  // of the answer after the body
  };
  for (const Case& c : {Case{IcapMode::monitor, IcapFailure::closed, "ICAP/1.0 200 OK"},
                        Case{IcapMode::block, IcapFailure::open, "ICAP/1.0 200 OK"},
                        Case{IcapMode::block, IcapFailure::closed, "ICAP/1.0 200 OK"}}) {
    Harness h;
    h.icap.mode = c.mode;
    h.icap.failure = c.failure;
    h.icap.max_held_bytes = 2000;
    h.start();
    const std::string body(5000, 'a');
    const std::string out = h.send(reqmod(http_post(body), chunked(body), ""));
    const bool blocked = out.find("HTTP/1.1 403 Forbidden") != std::string::npos;
    EXPECT_EQ(blocked, c.mode == IcapMode::block && c.failure == IcapFailure::closed);
    EXPECT_EQ(out.find("POST https://pan.baidu.com") != std::string::npos, !blocked);
    EXPECT_EQ(h.service->stats().held_overflows, c.mode == IcapMode::block ? 1u : 0u);
    EXPECT_EQ(h.service->stats().failed_closed, blocked ? 1u : 0u);
    EXPECT_EQ(h.service->stats().failed_open, c.mode == IcapMode::block && !blocked ? 1u : 0u);
  }
}

TEST(IcapConnection, RespmodInspectsADownloadAndLetsMediaGoAfterThePreview) {
  Harness h;
  h.start();
  const std::string body = customer_csv(200);
  const std::string gz = test::zlib_compress(body);
  const std::string req = "GET http://crm.example/export.csv HTTP/1.1\r\nHost: crm.example\r\n\r\n";
  const std::string res = fmt::format(
      "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n\r\n", gz.size());
  const auto respmod = [&](const std::string& res_head, const std::string& chunks, const std::string& fields) {
    return fmt::format(
        "RESPMOD icap://127.0.0.1/respmod ICAP/1.0\r\n{}Encapsulated: req-hdr=0, res-hdr={}, res-body={}\r\n\r\n{}{}{}",
        fields, req.size(), req.size() + res_head.size(), req, res_head, chunks);
  };
  EXPECT_EQ(h.send(respmod(res, chunked(gz), "Allow: 204\r\n")).substr(0, 12), "ICAP/1.0 204");
  const Alert* ids = alert_of(h.alerts, "cn_resident_id");
  ASSERT_NE(ids, nullptr);
  EXPECT_EQ(ids->distinct, 200u);
  EXPECT_EQ(ids->direction, Direction::inbound);
  EXPECT_EQ(ids->content.http_host, "crm.example");
  EXPECT_EQ(ids->src.ip.to_string(), "0.0.0.0");
  EXPECT_EQ(ids->dst.ip.to_string(), "192.0.2.1");  // no X-Client-IP: the proxy
  h.alerts.clear();
  const std::string image = "HTTP/1.1 200 OK\r\ncontent-type: image/png\r\nContent-Length: 9000\r\n\r\n";
  EXPECT_EQ(h.send(respmod(image, chunked(std::string(9000, 'p'), 100), "Preview: 100\r\n")).substr(0, 12),
            "ICAP/1.0 204");
  EXPECT_TRUE(h.alerts.empty());
  EXPECT_EQ(h.service->stats().continues, 0u);
}

TEST(IcapConnection, RefusesOtherServicesAndClosesOnMalformedInput) {
  Harness h;
  h.start();
  const std::string wrong = "RESPMOD icap://h/reqmod ICAP/1.0\r\nEncapsulated: null-body=0\r\n\r\n";
  EXPECT_EQ(h.send(wrong).substr(0, 12), "ICAP/1.0 405");
  bool keep = true;
  const std::string out = h.send("REQMOD icap://h/reqmod ICAP/1.0\r\nEncapsulated: req-hdr=7\r\n\r\n", 1 << 20, &keep);
  EXPECT_EQ(out.substr(0, 24), "ICAP/1.0 400 Bad Request");
  EXPECT_NE(out.find("Connection: close\r\n"), std::string::npos);
  EXPECT_FALSE(keep);
  EXPECT_EQ(h.service->stats().malformed, 1u);
  EXPECT_EQ(h.service->stats().unknown_service, 1u);
}

TEST(IcapConnection, AMessageCutShortStillReportsWhatItCarried) {
  Harness h;
  h.start();
  const std::string body = customer_csv(100);
  h.send(reqmod(http_post(body), chunked(body).substr(0, body.size() / 2), "Allow: 204\r\n"));
  EXPECT_TRUE(h.alerts.empty());
  h.connection.reset();
  ASSERT_FALSE(h.alerts.empty());
  EXPECT_EQ(h.alerts.front().action, "aborted");
}

}  // namespace dlp::icap_connection_test
