#include "icap/icap_parser.hpp"

#include <gtest/gtest.h>

namespace dlp::icap_parser_test {

// What the parser told, as one line per event.
struct Recorder final : IcapEvents {
  std::vector<std::string> events;
  std::vector<IcapRequest> heads;
  std::string body_bytes;
  IcapParser* parser = nullptr;
  bool continue_previews = true;
  void head(const IcapRequest& r) override {
    heads.push_back(r);
    events.push_back("head " + r.service);
  }
  void body(ByteSpan data) override { body_bytes.append(as_chars(data)); }
  void preview_end() override {
    events.push_back("preview_end");
    if (continue_previews) parser->resume();
  }
  void end() override { events.push_back("end " + body_bytes); }
};

constexpr const char* kHttp = "POST /up HTTP/1.1\r\nHost: a.example\r\nContent-Length: 11\r\n\r\n";

std::string reqmod(const std::string& extra, const std::string& chunks) {
  const std::string http = kHttp;
  return "REQMOD icap://127.0.0.1:1344/reqmod ICAP/1.0\r\nHost: 127.0.0.1\r\n" + extra +
         "Encapsulated: req-hdr=0, req-body=" + std::to_string(http.size()) + "\r\n\r\n" + http + chunks;
}

// Fed in pieces of every size from 1 byte to the whole, the events are the same.
void expect_events(const std::string& input, const std::vector<std::string>& expected) {
  for (std::size_t piece = 1; piece <= input.size(); piece = piece < 16 ? piece + 1 : piece * 2) {
    IcapParser parser({});
    Recorder r;
    r.parser = &parser;
    for (std::size_t at = 0; at < input.size();) {
      const std::size_t n = std::min(piece, input.size() - at);
      std::size_t used = 0;
      while (used < n && !parser.failed()) {
        const std::size_t step = parser.feed(as_bytes(std::string_view(input).substr(at + used, n - used)), r);
        if (step == 0) break;
        used += step;
      }
      ASSERT_EQ(used, n) << "piece " << piece << " at " << at << ": " << parser.error();
      at += n;
    }
    EXPECT_EQ(r.events, expected) << "piece " << piece;
  }
}

TEST(IcapParser, ReadsAReqmodWithItsChunkedBody) {
  const std::string input = reqmod("Allow: 204\r\n", "6\r\nhello \r\n5;name=x\r\nworld\r\n0\r\n\r\n");
  expect_events(input, {"head reqmod", "end hello world"});
  IcapParser parser({});
  Recorder r;
  parser.feed(as_bytes(input), r);
  ASSERT_EQ(r.heads.size(), 1u);
  EXPECT_EQ(r.heads[0].request_head, kHttp);
  EXPECT_TRUE(r.heads[0].allow_204);
  EXPECT_TRUE(r.heads[0].has_body);
  EXPECT_FALSE(r.heads[0].preview);
  EXPECT_TRUE(parser.idle());
}

TEST(IcapParser, APreviewWaitsForContinueAndIeofEndsTheMessage) {
  expect_events(reqmod("Preview: 6\r\n", "6\r\nhello \r\n0\r\n\r\n5\r\nworld\r\n0\r\n\r\n"),
                {"head reqmod", "preview_end", "end hello world"});
  expect_events(reqmod("Preview: 20\r\n", "b\r\nhello world\r\n0; ieof\r\n\r\n"), {"head reqmod", "end hello world"});
}

TEST(IcapParser, AnAnsweredPreviewLeavesTheRestForTheNextRequest) {
  IcapParser parser({});
  Recorder r;
  r.parser = &parser;
  r.continue_previews = false;
  const std::string two = reqmod("Preview: 0\r\n", "0\r\n\r\n") + reqmod("", "0\r\n\r\n");
  std::size_t used = parser.feed(as_bytes(two), r);
  EXPECT_TRUE(parser.waiting());
  parser.answered();
  used += parser.feed(as_bytes(std::string_view(two).substr(used)), r);
  EXPECT_EQ(used, two.size());
  EXPECT_EQ(r.events, (std::vector<std::string>{"head reqmod", "preview_end", "head reqmod", "end "}));
}

TEST(IcapParser, ReadsOptionsAndRespmodHeads) {
  const std::string res = "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\n\r\n";
  const std::string req = "GET /x.csv HTTP/1.1\r\nHost: b.example\r\n\r\n";
  const std::string input =
      "OPTIONS icap://h/respmod ICAP/1.0\r\nHost: h\r\n\r\n"
      "RESPMOD icap://h/respmod?x=1 ICAP/1.0\r\nEncapsulated: req-hdr=0, res-hdr=" +
      std::to_string(req.size()) + ", res-body=" + std::to_string(req.size() + res.size()) + "\r\n\r\n" + req + res +
      "3\r\nabc\r\n0\r\n\r\n";
  expect_events(input, {"head respmod", "end ", "head respmod", "end abc"});
  IcapParser parser({});
  Recorder r;
  parser.feed(as_bytes(input), r);
  ASSERT_EQ(r.heads.size(), 2u);
  EXPECT_EQ(r.heads[0].method, IcapMethod::options);
  EXPECT_EQ(r.heads[1].method, IcapMethod::respmod);
  EXPECT_EQ(r.heads[1].request_head, req);
  EXPECT_EQ(r.heads[1].response_head, res);
}

struct Bad {
  std::string input;
  int status;
  std::string error;
};

TEST(IcapParser, FramingItCannotReadStopsItWithTheReason) {
  const std::string http = kHttp;
  const std::vector<Bad> cases = {
      {"GET / HTTP/1.1\r\n\r\n", 505, "version HTTP/1.1"},
      {"PATCH icap://h/reqmod ICAP/1.0\r\n\r\n", 501, "method PATCH"},
      {"REQMOD icap://h/reqmod ICAP/1.0\r\n\r\n", 400, "no Encapsulated field"},
      {"REQMOD icap://h/reqmod ICAP/1.0\r\nEncapsulated: req-body=10, req-hdr=0\r\n\r\n", 400,
       "Encapsulated offsets out of order"},
      {"REQMOD icap://h/reqmod ICAP/1.0\r\nEncapsulated: req-hdr=5, req-body=90\r\n\r\n", 400,
       "Encapsulated offsets out of order"},
      {"REQMOD icap://h/reqmod ICAP/1.0\r\nEncapsulated: req-hdr=0\r\n\r\n", 400, "Encapsulated without a body entry"},
      {"REQMOD icap://h/reqmod ICAP/1.0\r\nEncapsulated: req-hdr=0, req-body=99999999999\r\n\r\n", 400,
       "an encapsulated HTTP head too long"},
      {"REQMOD icap://h/reqmod ICAP/1.0\r\nEncapsulated: foo=0, req-body=3\r\n\r\n", 400, "Encapsulated entry foo"},
      {"REQMOD icap://h/reqmod ICAP/1.0\r\nPreview: lots\r\nEncapsulated: null-body=0\r\n\r\n", 400,
       "a Preview that is not a number"},
      {reqmod("", "zz\r\nabc\r\n"), 400, "chunk size zz"},
      {reqmod("", "fffffffffffffffffff\r\n"), 400, "chunk size fffffffffffffffffff"},
      {reqmod("", "2\r\nabc\r\n"), 400, "chunk data longer than its size"},
      {reqmod("Preview: 2\r\n", "3\r\nabc\r\n"), 400, "a preview longer than its Preview field"},
      {reqmod("", std::string(2000, '1')), 400, "a chunk line over 1024 bytes"},
      {"REQMOD icap://h/reqmod ICAP/1.0\r\nX: " + std::string(70000, 'a'), 400, "an ICAP head over 65536 bytes"},
  };
  for (const Bad& c : cases) {
    IcapParser parser({});
    Recorder r;
    parser.feed(as_bytes(c.input), r);
    EXPECT_TRUE(parser.failed()) << c.input.substr(0, 60);
    EXPECT_EQ(parser.error(), c.error) << c.input.substr(0, 60);
    EXPECT_EQ(parser.error_status(), c.status) << c.input.substr(0, 60);
  }
}

}  // namespace dlp::icap_parser_test
