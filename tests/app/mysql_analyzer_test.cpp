// The MySQL analyzer fed packets built as the protocol documentation lays
// them out (the real server's are in tests/db/mariadb_test.py), whole and
// byte by byte, and hostile ones: cut, lengths past the message, a column
// count of 65,535, a row over the message limit, garbage.
#include <gtest/gtest.h>

#include "app/db/mysql_analyzer.hpp"
#include "app/db_session_helper.hpp"

namespace dlp::mysql_test {
namespace {

using namespace std::string_literals;
using test::Pieces;

std::string packet(std::uint8_t seq, const std::string& payload) {
  const auto n = payload.size();
  return std::string{static_cast<char>(n & 0xFF), static_cast<char>(n >> 8 & 0xFF), static_cast<char>(n >> 16),
                     static_cast<char>(seq)} +
         payload;
}

std::string lenenc(const std::string& s) { return std::string(1, static_cast<char>(s.size())) + s; }

std::string le(std::uint64_t v, int bytes) {
  std::string out;
  for (int i = 0; i < bytes; ++i) out += static_cast<char>(v >> (8 * i) & 0xFF);
  return out;
}

constexpr std::uint32_t kCaps = 0x8 | 0x200 | 0x8000 | 0x80000 | 0x1;  // db, 4.1, secure, plugin auth, MySQL

std::string login(std::uint32_t caps = kCaps) {
  return packet(1, le(caps, 4) + le(1 << 24, 4) + "\x2d" + std::string(23, '\0') + "clerk" + '\0' + "\x04" + "abcd" +
                       "hospital" + '\0' + "mysql_native_password" + '\0');
}

std::string column(const std::string& name, std::uint8_t type) {
  return lenenc("def") + lenenc("his") + lenenc("p") + lenenc("patients") + lenenc(name) + lenenc(name) + "\x0c" +
         le(33, 2) + le(64, 4) + static_cast<char>(type) + le(0, 2) + '\0' + le(0, 2);
}

const std::string kEof = "\xfe\0\0\x02\0"s;

// A text result set of `rows` rows (xm, sfzh).
std::string result_set(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string out = packet(1, "\x02") + packet(2, column("xm", 253)) + packet(3, column("sfzh", 254)) + packet(4, kEof);
  std::uint8_t seq = 5;
  for (const auto& [name, id] : rows) out += packet(seq++, lenenc(name) + lenenc(id));
  return out + packet(seq, kEof);
}

const std::string kOk = "\0\0\0\x02\0\0\0"s;

struct Mysql : test::DbSession<MysqlAnalyzer> {
  // The login and the server's OK, as a session starts.
  void log_in() {
    feed(0, login());
    feed(1, packet(2, kOk));
  }
};

TEST(MysqlAnalyzer, RecognisesALoginOrAQuery) {
  EXPECT_TRUE(MysqlAnalyzer::speaks(login()));
  EXPECT_TRUE(MysqlAnalyzer::speaks(packet(0, "\x03SELECT 1")));
  EXPECT_FALSE(MysqlAnalyzer::speaks(packet(0, "\x03SELECT 1") + "x"));  // not one packet
  EXPECT_FALSE(MysqlAnalyzer::speaks("GET / HTTP/1.1\r\n\r\n"));
  EXPECT_FALSE(MysqlAnalyzer::speaks(login(kCaps & ~0x200)));  // the pre-4.1 protocol
}

TEST(MysqlAnalyzer, AResultSetIsATableWithItsStatement) {
  for (std::size_t piece : {SIZE_MAX, std::size_t{1}, std::size_t{7}}) {
    SCOPED_TRACE(piece);
    Mysql m;
    m.feed(0, login(), piece);
    m.feed(1, packet(2, kOk), piece);
    m.feed(0, packet(0, "\x03SELECT xm, sfzh FROM patients"), piece);
    m.feed(1, result_set({{"张伟", "110105198001010038"}, {"李娜", ""}}), piece);
    m.finish();
    ASSERT_EQ(m.server.done.size(), 1u);
    EXPECT_EQ(m.server.done[0], "xm\tsfzh\n张伟\t110105198001010038\n李娜\t\n");
    EXPECT_EQ(m.server.contexts[0].db_query, "SELECT xm, sfzh FROM patients");
    EXPECT_EQ(m.facts().db_user, "clerk");
    EXPECT_EQ(m.facts().db_name, "hospital");
    EXPECT_EQ(m.facts().rows, 2u);
    EXPECT_EQ(m.stats.result_sets, 1u);
    EXPECT_EQ(m.stats.desynchronised, 0u);
    EXPECT_TRUE(m.analyzer.claimed());
  }
}

TEST(MysqlAnalyzer, AnSslRequestIsEncrypted) {
  Mysql m;
  m.feed(0, packet(1, le(kCaps | 0x800, 4) + le(1 << 24, 4) + "\x2d" + std::string(23, '\0')));
  m.feed(1, "\x16\x03\x01 random TLS bytes");
  m.finish();
  EXPECT_EQ(m.stats.encrypted, 1u);
  EXPECT_TRUE(m.server.done.empty());
}

// Cut messages, lengths past them, a column count of 65,535, a row over
// the limit, garbage: counted, never read outside the message.
TEST(MysqlAnalyzer, HostileMessagesAreCounted) {
  {
    Mysql m;  // a column count past max_columns
    m.log_in();
    m.feed(0, packet(0, "\x03SELECT *"));
    m.feed(1, packet(1, "\xfc\xff\xff"s));
    EXPECT_EQ(m.stats.limits, 1u);
  }
  {
    Mysql m;  // a cell whose length runs past its row
    m.log_in();
    m.feed(0, packet(0, "\x03SELECT 1"));
    std::string rs = result_set({});
    rs.insert(rs.size() - kEof.size() - 4, packet(5,
                                                  "\x05"
                                                  "ab\xfd\xff\xff\x7f"s));
    m.feed(1, rs);
    m.finish();
    EXPECT_EQ(m.stats.desynchronised, 1u);
    EXPECT_EQ(m.server.done.size(), 1u);  // the table so far
  }
  {
    Mysql m;  // a 1 MiB row over a 64 KiB limit: its first cell is kept whole
    m.limits.max_message_bytes = 64 << 10;
    MysqlAnalyzer small{m.limits, m.stats};
    const std::string big(1 << 20, 'x');
    std::string rows = packet(1, "\x02") + packet(2, column("xm", 253)) + packet(3, column("note", 252)) +
                       packet(4, kEof) + packet(5, lenenc("张伟") + "\xfd" + le(big.size(), 3) + big) + packet(6, kEof);
    small.deliver(0, as_bytes(login()), m.client);
    small.deliver(1, as_bytes(packet(2, kOk)), m.server);
    small.deliver(0, as_bytes(packet(0, "\x03SELECT xm, note")), m.client);
    small.deliver(1, as_bytes(rows), m.server);
    small.end_of_stream(1, m.server);
    EXPECT_EQ(m.stats.limits, 1u);
    EXPECT_EQ(m.stats.desynchronised, 0u);
    ASSERT_EQ(m.server.done.size(), 1u);
    EXPECT_EQ(m.server.done[0], "xm\tnote\n张伟\n");
    EXPECT_LT(small.memory_bytes(), 200u << 10);
  }
  {
    Mysql m;  // garbage after the login, and a hole
    m.log_in();
    m.feed(0, std::string(5000, '\xff'));
    m.analyzer.undelivered(1, m.server);
    m.feed(1, std::string(3000, '\x01'));
    m.finish();
    EXPECT_EQ(m.stats.desynchronised, 1u);
  }
}

// COM_STMT_PREPARE, then EXECUTE: a binary row of an INT, a string and a DATETIME.
TEST(MysqlAnalyzer, PreparedStatementsGiveBinaryRows) {
  Mysql m;
  m.log_in();
  m.feed(0, packet(0, "\x16SELECT id, sfzh, seen FROM p WHERE id = ?"));
  m.feed(1, packet(1, "\0"s + le(9, 4) + le(3, 2) + le(1, 2) + '\0' + le(0, 2)) + packet(2, column("?", 8)) +
                packet(3, kEof) + packet(4, column("id", 3)) + packet(5, column("sfzh", 254)) +
                packet(6, column("seen", 12)) + packet(7, kEof));
  m.feed(0, packet(0, "\x17" + le(9, 4) + '\0' + le(1, 4) + '\0' + '\x01' + le(8, 2) + le(7, 8)));
  const std::string row = "\0\0"s + le(static_cast<std::uint32_t>(-7), 4) + lenenc("110105198001010038") + "\x07" +
                          le(2024, 2) + "\x05\x01\x0a\x00\x00"s;
  m.feed(1, packet(1, "\x03") + packet(2, column("id", 3)) + packet(3, column("sfzh", 254)) +
                packet(4, column("seen", 12)) + packet(5, kEof) + packet(6, row) + packet(7, kEof));
  m.finish();
  ASSERT_EQ(m.server.done.size(), 1u);
  EXPECT_EQ(m.server.done[0], "id\tsfzh\tseen\n-7\t110105198001010038\t2024-05-01 10:00:00\n");
  EXPECT_EQ(m.server.contexts[0].db_query, "SELECT id, sfzh, seen FROM p WHERE id = ?");
}

// A row of 17 MiB comes in a packet of 2^24-1 bytes and its continuation:
// its first cell is kept, the rest skipped and counted, and the packets
// after it are read in step.
TEST(MysqlAnalyzer, PayloadsOver16MiBContinue) {
  Mysql m;
  m.log_in();
  m.feed(0, packet(0, "\x03SELECT xm, note FROM patients"));
  const std::string note(17 << 20, 'x');
  const std::string row = lenenc("张伟") + "\xfe"s + le(note.size(), 8) + note;
  std::string rows =
      packet(1, "\x02") + packet(2, column("xm", 253)) + packet(3, column("note", 252)) + packet(4, kEof);
  const std::size_t first = 0xFFFFFF;
  rows += "\xff\xff\xff\x05"s + row.substr(0, first) + packet(6, row.substr(first));
  rows += packet(7, lenenc("李娜") + lenenc("note")) + packet(8, kEof);
  m.feed(1, rows, 1 << 20);
  m.finish();
  EXPECT_EQ(m.stats.limits, 1u);
  EXPECT_EQ(m.stats.desynchronised, 0u);
  ASSERT_EQ(m.server.done.size(), 1u);
  EXPECT_EQ(m.server.done[0], "xm\tnote\n张伟\n李娜\tnote\n");
  EXPECT_EQ(m.facts().rows, 2u);
}

// COM_CHANGE_USER: the same connection, another user and database.
TEST(MysqlAnalyzer, ChangeUser) {
  Mysql m;
  m.log_in();
  m.feed(0, packet(0,
                   "\x11"
                   "auditor\0\x04"
                   "abcd"
                   "billing\0"s));
  m.feed(1, packet(1, kOk));
  EXPECT_EQ(m.facts().db_user, "auditor");
  EXPECT_EQ(m.facts().db_name, "billing");
  m.feed(0, packet(0, "\x03SELECT 1"));
  m.feed(1, result_set({{"张伟", "110105198001010038"}}));
  m.finish();
  EXPECT_EQ(m.server.done.size(), 1u);
}

// LOAD DATA LOCAL INFILE: the server asks for the file, the client sends it.
TEST(MysqlAnalyzer, LocalInfileIsAnUpload) {
  Mysql m;
  m.log_in();
  m.feed(0, packet(0, "\x03LOAD DATA LOCAL INFILE 'c.csv' INTO TABLE t"));
  m.feed(1, packet(1,
                   "\xfb"
                   "c.csv"));
  m.feed(0, packet(2, "张伟,110105198001010038\n") + packet(3, "李娜,310104199212120046\n") + packet(4, ""));
  m.feed(1, packet(5, kOk));
  m.finish();
  ASSERT_EQ(m.client.done.size(), 1u);
  EXPECT_EQ(m.client.done[0], "张伟,110105198001010038\n李娜,310104199212120046\n");
  EXPECT_EQ(m.client.contexts[0].filename, "c.csv");
  EXPECT_EQ(m.stats.uploads, 1u);
}

}  // namespace
}  // namespace dlp::mysql_test
