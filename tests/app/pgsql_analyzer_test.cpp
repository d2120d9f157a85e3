// The PostgreSQL analyzer fed messages built as the protocol documentation
// lays them out (the real server's are in tests/db/postgresql_test.py),
// whole and byte by byte, and hostile ones: lengths shorter than their
// header or past the message, a column count of 65,535, a 1 MiB row over
// the limit, garbage.
#include <gtest/gtest.h>

#include "app/db/pgsql_analyzer.hpp"
#include "app/db_session_helper.hpp"

namespace dlp::pgsql_test {
namespace {

using namespace std::string_literals;
using test::Pieces;

std::string be(std::uint64_t v, int bytes) {
  std::string out;
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>(v >> (8 * i) & 0xFF);
  return out;
}

std::string message(char type, const std::string& body) { return type + be(body.size() + 4, 4) + body; }

std::string startup(const std::string& user, const std::string& db) {
  const std::string body = be(196608, 4) + "user\0"s + user + '\0' + "database\0"s + db + '\0' + '\0';
  return be(body.size() + 4, 4) + body;
}

std::string row_description(const std::vector<std::string>& names, bool binary = false) {
  std::string body = be(names.size(), 2);
  for (const auto& n : names)
    body += n + '\0' + be(0, 4) + be(0, 2) + be(binary ? 23 : 25, 4) + be(0xFFFF, 2) + be(0xFFFFFFFF, 4) +
            be(binary ? 1 : 0, 2);
  return message('T', body);
}

std::string data_row(const std::vector<std::string>& values) {
  std::string body = be(values.size(), 2);
  for (const auto& v : values) body += v == "NULL" ? be(0xFFFFFFFF, 4) : be(v.size(), 4) + v;
  return message('D', body);
}

const std::string kReady = message('Z', "I");

struct Pgsql : test::DbSession<PgsqlAnalyzer> {
  void log_in() {
    feed(0, startup("nurse", "his"));
    feed(1, message('R', be(0, 4)) + message('S', "server_version\0"s + "15.8\0"s) + kReady);
  }
};

TEST(PgsqlAnalyzer, RecognisesAStartupARequestOrAQuery) {
  EXPECT_TRUE(PgsqlAnalyzer::starts_up(startup("nurse", "his")));
  EXPECT_TRUE(PgsqlAnalyzer::starts_up(be(8, 4) + be(80877103, 4)));  // SSLRequest
  EXPECT_TRUE(PgsqlAnalyzer::starts_up(be(8, 4) + be(80877104, 4)));  // GSSENCRequest
  EXPECT_TRUE(PgsqlAnalyzer::starts_up(message('Q', "SELECT 1\0"s)));
  EXPECT_FALSE(PgsqlAnalyzer::starts_up("GET / HTTP/1.1\r\n\r\n"));
  EXPECT_FALSE(PgsqlAnalyzer::starts_up(be(8, 4) + be(12345, 4)));
}

TEST(PgsqlAnalyzer, ASimpleQuerysRowsAreATable) {
  for (std::size_t piece : {SIZE_MAX, std::size_t{1}, std::size_t{5}}) {
    SCOPED_TRACE(piece);
    Pgsql p;
    p.feed(0, startup("nurse", "his"), piece);
    p.feed(1, message('R', be(0, 4)) + kReady, piece);
    p.feed(0, message('Q', "SELECT xm, sfzh FROM patients\0"s), piece);
    p.feed(1,
           row_description({"xm", "sfzh"}) + data_row({"张伟", "110105198001010038"}) + data_row({"李娜", "NULL"}) +
               message('C', "SELECT 2\0"s) + kReady,
           piece);
    p.finish();
    ASSERT_EQ(p.server.done.size(), 1u);
    EXPECT_EQ(p.server.done[0], "xm\tsfzh\n张伟\t110105198001010038\n李娜\t\n");
    EXPECT_EQ(p.server.contexts[0].db_query, "SELECT xm, sfzh FROM patients");
    EXPECT_EQ(p.facts().db_user, "nurse");
    EXPECT_EQ(p.facts().db_name, "his");
    EXPECT_EQ(p.facts().rows, 2u);
    EXPECT_EQ(p.stats.desynchronised, 0u);
  }
}

// Parse, Bind, Describe, Execute, Sync: the rows are the executed statement's; binary int4 values as numbers.
TEST(PgsqlAnalyzer, TheExtendedQueryNamesItsStatement) {
  Pgsql p;
  p.log_in();
  p.feed(0, message('P', "s1\0SELECT id FROM p WHERE id > $1\0"s + be(0, 2)) +
                message('B', "\0s1\0"s + be(0, 2) + be(1, 2) + be(1, 4) + "5" + be(1, 2) + be(1, 2)) +
                message('D', "P\0"s) + message('E', "\0"s + be(0, 4)) + message('S', ""));
  p.feed(1, message('1', "") + message('2', "") + row_description({"id"}, true) + data_row({be(-7 & 0xFFFFFFFF, 4)}) +
                message('C', "SELECT 1\0"s) + kReady);
  p.finish();
  ASSERT_EQ(p.server.done.size(), 1u);
  EXPECT_EQ(p.server.done[0], "id\n-7\n");
  EXPECT_EQ(p.server.contexts[0].db_query, "SELECT id FROM p WHERE id > $1");
}

TEST(PgsqlAnalyzer, CopyOutIsATableAndCopyInAnUpload) {
  Pgsql p;
  p.log_in();
  p.feed(0, message('Q', "COPY patients (xm, sfzh) TO STDOUT\0"s));
  p.feed(1, message('H', "\0"s + be(2, 2) + be(0, 2) + be(0, 2)) + message('d', "张伟\t110105198001010038\n") +
                message('c', "") + message('C', "COPY 1\0"s) + kReady);
  p.feed(0, message('Q', "COPY imports FROM STDIN\0"s));
  p.feed(1, message('G', "\0"s + be(0, 2)));
  p.feed(0, message('d', "李娜\t310104199212120046\n") + message('c', ""));
  p.finish();
  ASSERT_EQ(p.server.done.size(), 1u);
  EXPECT_EQ(p.server.done[0], "xm\tsfzh\n张伟\t110105198001010038\n");
  ASSERT_EQ(p.client.done.size(), 1u);
  EXPECT_EQ(p.client.done[0], "李娜\t310104199212120046\n");
  EXPECT_EQ(p.client.contexts[0].db_query, "COPY imports FROM STDIN");
  EXPECT_EQ(p.stats.uploads, 1u);
}

// An SSLRequest refused ('N') goes on in clear; one accepted ('S') is encrypted.
TEST(PgsqlAnalyzer, EncryptionRequests) {
  Pgsql refused;
  refused.feed(0, be(8, 4) + be(80877104, 4));
  refused.feed(1, "N");
  refused.feed(0, startup("nurse", "his"));
  refused.feed(1, message('R', be(0, 4)) + kReady);
  EXPECT_EQ(refused.facts().db_user, "nurse");
  EXPECT_EQ(refused.stats.encrypted, 0u);
  Pgsql accepted;
  accepted.feed(0, be(8, 4) + be(80877103, 4));
  accepted.feed(1, "S\x16\x03\x03 server hello");
  accepted.feed(0, "\x16\x03\x01 client hello");
  EXPECT_EQ(accepted.stats.encrypted, 1u);
  EXPECT_EQ(accepted.stats.desynchronised, 0u);
  Pgsql gss;
  gss.feed(0, be(8, 4) + be(80877104, 4));
  gss.feed(1, "G");
  gss.feed(0, std::string(100, '\x60'));  // GSS-API wrapped messages
  EXPECT_EQ(gss.stats.encrypted, 1u);
  EXPECT_EQ(gss.stats.desynchronised, 0u);
}

TEST(PgsqlAnalyzer, HostileMessagesAreCounted) {
  {
    Pgsql p;  // a length shorter than its own field
    p.log_in();
    p.feed(1, "D\0\0\0\x02"s);
    EXPECT_EQ(p.stats.desynchronised, 1u);
  }
  {
    Pgsql p;  // 65,535 columns
    p.log_in();
    p.feed(0, message('Q', "SELECT *\0"s));
    p.feed(1, message('T', be(65535, 2)) + data_row({"x"}) + kReady);
    EXPECT_EQ(p.stats.limits, 1u);
    EXPECT_TRUE(p.server.done.empty());
  }
  {
    Pgsql p;  // a value whose length runs past its row
    p.log_in();
    p.feed(0, message('Q', "SELECT xm\0"s));
    p.feed(1, row_description({"xm"}) + message('D', be(1, 2) + be(1000, 4) + "ab"));
    p.finish();
    EXPECT_EQ(p.stats.desynchronised, 1u);
  }
  {
    Pgsql p;  // a 1 MiB row over a 64 KiB limit: the whole values before the cut are kept
    p.limits.max_message_bytes = 64 << 10;
    PgsqlAnalyzer small{p.limits, p.stats};
    small.deliver(0, as_bytes(startup("nurse", "his")), p.client);
    small.deliver(1, as_bytes(message('R', be(0, 4)) + kReady), p.server);
    small.deliver(0, as_bytes(message('Q', "SELECT xm, note\0"s)), p.client);
    small.deliver(1, as_bytes(row_description({"xm", "note"}) + data_row({"张伟", std::string(1 << 20, 'x')}) + kReady),
                  p.server);
    small.end_of_stream(1, p.server);
    EXPECT_EQ(p.stats.limits, 1u);
    EXPECT_EQ(p.stats.desynchronised, 0u);
    ASSERT_EQ(p.server.done.size(), 1u);
    EXPECT_EQ(p.server.done[0], "xm\tnote\n张伟\n");
    EXPECT_LT(small.memory_bytes(), 200u << 10);
  }
  {
    Pgsql p;  // garbage, and a hole
    p.log_in();
    p.feed(1, std::string(3000, '\x7f'));
    p.analyzer.undelivered(0, p.client);
    p.finish();
    EXPECT_EQ(p.stats.desynchronised, 1u);
  }
}

}  // namespace
}  // namespace dlp::pgsql_test
