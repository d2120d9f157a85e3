// SMTP and FTP control analyzers fed whole and in pieces.
#include <gtest/gtest.h>

#include "app/content_helper.hpp"
#include "app/ftp/ftp_control.hpp"
#include "app/smtp/smtp_analyzer.hpp"

namespace dlp {
namespace {

using test::Pieces;

struct Smtp {
  SmtpLimits limits;
  ContentLimits content_limits;
  SmtpStats stats;
  ContentStats content_stats;
  Pieces out;
  SmtpAnalyzer analyzer{limits, content_limits, stats, content_stats};
  ConnectionFacts facts() const {
    ConnectionFacts f;
    analyzer.describe(0, f);
    return f;
  }
  void feed(const std::string& data, std::size_t piece) {
    for (std::size_t i = 0; i < data.size(); i += piece)
      analyzer.deliver(0, as_bytes(std::string_view(data).substr(i, piece)), out);
    analyzer.end_of_stream(0, out);
  }
};

// Pipelined commands, a dot-stuffed DATA message, then a BDAT message in
// two chunks (the lone dot inside BDAT data is data).
TEST(SmtpAnalyzer, DataAndBdatMessages) {
  const std::string session =
      "EHLO pc\r\nMAIL FROM:<Clerk@Corp.example.cn> SIZE=100\r\nRCPT TO:<a@example.net>\r\nRCPT TO:<b@example.org>\r\n"
      "DATA\r\nSubject: x\r\n\r\n..leading dot\r\nline\r\n.\r\n"
      "MAIL FROM:<clerk@corp.example.cn>\r\nRCPT TO:<c@example.com>\r\nBDAT 12\r\n\r\n.\r\nhello\r\nBDAT 6 LAST\r\n "
      "world"
      "QUIT\r\n";
  for (std::size_t piece : {std::size_t{1}, std::size_t{2}, std::size_t{5}, session.size()}) {
    Smtp s;
    s.feed(session, piece);
    EXPECT_TRUE(s.analyzer.claimed());
    ASSERT_EQ(s.out.done, (std::vector<std::string>{".leading dot\r\nline", ".\r\nhello\r\n world"})) << piece;
    EXPECT_EQ(s.facts().mail_from, "clerk@corp.example.cn");
    EXPECT_EQ(s.facts().rcpt_to, 3u);
    EXPECT_EQ(*s.analyzer.routing_values(),
              (std::vector<std::string>{"clerk@corp.example.cn", "a@example.net", "b@example.org",
                                        "clerk@corp.example.cn", "c@example.com"}));
    EXPECT_EQ(s.stats.messages, 2u);
  }
}

TEST(SmtpAnalyzer, StartTlsAndOtherProtocols) {
  Smtp tls;
  tls.feed("EHLO pc\r\nSTARTTLS\r\n\x16\x03\x01 binary DATA\r\n", 3);
  EXPECT_EQ(tls.stats.starttls, 1u);
  EXPECT_TRUE(tls.out.done.empty());
  Smtp http;
  http.feed("GET / HTTP/1.1\r\n\r\n", 1);
  EXPECT_FALSE(http.analyzer.claimed());
  Smtp overlong;
  overlong.feed("EHLO " + std::string(10000, 'x'), 100);
  EXPECT_EQ(overlong.stats.line_overflows, 1u);
}

// PASV/EPSV replies and PORT/EPRT commands announce data connections at
// the control connection's own addresses; the next STOR/RETR names them.
TEST(FtpControl, AnnouncementsAreLinkedToTheirCommands) {
  FtpStats stats;
  FtpExpectations expected(stats);
  const Endpoint client{*IpAddress::parse("10.1.1.10"), 50010}, server{*IpAddress::parse("203.0.113.21"), 21};
  FtpControl control(expected, stats, client, server);
  auto feed = [&](int dir, std::string_view text) {
    Pieces none;
    for (char c : text) control.deliver(dir, as_bytes(std::string_view(&c, 1)), none);  // a byte at a time
  };
  feed(1, "227 Entering Passive Mode (192,168,0,5,195,80).\r\n");  // a NAT'd address: the server's is used
  feed(0, "STOR a.csv\r\n");
  feed(1, "229 Entering Extended Passive Mode (|||6446|)\r\n");
  feed(0, "RETR dir/b.xlsx\r\n");
  feed(0, "PORT 10,1,1,10,4,1\r\n");
  feed(0, "APPE c.txt\r\n");
  feed(0, "EPRT |2|fd00::10|5282|\r\n");
  feed(0, "STOU\r\n");
  auto a = expected.claim({server.ip, 50000});
  ASSERT_TRUE(a);
  EXPECT_EQ(a->command, "STOR");
  EXPECT_EQ(a->filename, "a.csv");
  auto b = expected.claim({server.ip, 6446});
  ASSERT_TRUE(b);
  EXPECT_EQ(b->filename, "dir/b.xlsx");
  auto c = expected.claim({client.ip, 1025});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->command, "APPE");
  auto d = expected.claim({client.ip, 5282});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->command, "STOU");
  EXPECT_FALSE(expected.claim({server.ip, 50000}));  // claimed once
  EXPECT_EQ(stats.announced, 4u);
  EXPECT_EQ(stats.linked, 4u);
}

TEST(FtpControl, ExpectationsAreBounded) {
  FtpStats stats;
  FtpExpectations expected(stats, 2);
  const IpAddress ip = *IpAddress::parse("203.0.113.21");
  for (std::uint16_t port = 1; port <= 3; ++port) expected.expect({ip, port}, std::make_shared<FtpTransfer>());
  EXPECT_EQ(stats.forgotten, 1u);
  EXPECT_FALSE(expected.claim({ip, 1}));
  EXPECT_TRUE(expected.claim({ip, 3}));
}

}  // namespace
}  // namespace dlp
