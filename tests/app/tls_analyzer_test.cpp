#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/app_config.hpp"
#include "app/content_helper.hpp"
#include "app/tls/tls_analyzer.hpp"
#include "app/tls/tls_fingerprint.hpp"
#include "app/tls/tls_hello.hpp"
#include "app/tls/tls_key_log.hpp"

namespace dlp::tls_test {

using dlp::test::Pieces;

std::string u16(unsigned v) { return {static_cast<char>(v >> 8), static_cast<char>(v & 0xff)}; }
std::string u24(unsigned v) { return static_cast<char>(v >> 16) + u16(v & 0xffff); }
std::string u16s(const std::vector<unsigned>& values) {
  std::string out;
  for (unsigned v : values) out += u16(v);
  return out;
}
std::string with_length16(const std::string& body) { return u16(static_cast<unsigned>(body.size())) + body; }
std::string with_length8(const std::string& body) { return static_cast<char>(body.size()) + body; }

// A ClientHello's parts, in the order they are sent.
struct HelloSpec {
  unsigned version = 0x0303;
  std::vector<unsigned> ciphers;
  std::vector<unsigned> extensions;  // types; those below get their content
  std::string sni;
  std::vector<std::string> alpn;
  std::vector<unsigned> groups, signature_algorithms, versions;
  std::vector<unsigned> point_formats;
};

std::string extension_body(unsigned type, const HelloSpec& h) {
  switch (type) {
    case 0: return with_length16(std::string(1, '\0') + with_length16(h.sni));
    case 10: return with_length16(u16s(h.groups));
    case 11: {
      std::string formats;
      for (unsigned f : h.point_formats) formats += static_cast<char>(f);
      return with_length8(formats);
    }
    case 13: return with_length16(u16s(h.signature_algorithms));
    case 16: {
      std::string list;
      for (const auto& p : h.alpn) list += with_length8(p);
      return with_length16(list);
    }
    case 43: return with_length8(u16s(h.versions));
    default: return {};
  }
}

// The handshake message (header included).
std::string client_hello(const HelloSpec& h) {
  std::string body = u16(h.version) + std::string(32, 'r') + with_length8("") + with_length16(u16s(h.ciphers)) +
                     with_length8(std::string(1, '\0'));
  std::string extensions;
  for (unsigned type : h.extensions) extensions += u16(type) + with_length16(extension_body(type, h));
  body += with_length16(extensions);
  return '\x01' + u24(static_cast<unsigned>(body.size())) + body;
}

std::string record(std::uint8_t type, const std::string& payload) {
  return static_cast<char>(type) + u16(0x0301) + with_length16(payload);
}

ClientHello parsed(const HelloSpec& spec) {
  const std::string message = client_hello(spec);
  ClientHello hello;
  EXPECT_TRUE(parse_client_hello(as_bytes(message).subspan(4), hello));
  return hello;
}

// Chrome's hello in FoxIO's JA4 README (technical_details/JA4.md): its
// JA4_r lists the sorted ciphers and extensions; GREASE added as Chrome sends it.
HelloSpec foxio_readme_hello() {
  HelloSpec h;
  h.ciphers = {0x1a1a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030,
               0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035};
  h.extensions = {0x2a2a, 0x0000, 0x0017, 0xff01, 0x000a, 0x000b, 0x0023, 0x0010, 0x0005,
                  0x000d, 0x0012, 0x0033, 0x002d, 0x002b, 0x001b, 0x4469, 0x0015};
  h.sni = "example.com";
  h.alpn = {"h2", "http/1.1"};
  h.groups = {0x3a3a, 0x001d, 0x0017, 0x0018};
  h.point_formats = {0};
  h.signature_algorithms = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601};
  h.versions = {0x4a4a, 0x0304, 0x0303};
  return h;
}

TEST(TlsFingerprint, Ja4OfFoxIoReadmeExample) {
  EXPECT_EQ(ja4(parsed(foxio_readme_hello())), "t13d1516h2_8daaf6152771_e5627efa2ab1");
}

// Chrome 143's hello as browserleaks.com/tls reports it (JA3 text, JA4 and
// JA4_ro, the extensions in the order sent).
TEST(TlsFingerprint, Ja3AndJa4OfOneChromeHello) {
  HelloSpec h;
  h.ciphers = {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9,
               0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035};
  h.extensions = {0x002d, 0x0033, 0x0010, 0xfe0d, 0x0017, 0x44cd, 0x0000, 0x000b,
                  0x000a, 0x002b, 0xff01, 0x0023, 0x0012, 0x0005, 0x000d, 0x001b};
  h.sni = "tls.browserleaks.com";
  h.alpn = {"h2", "http/1.1"};
  h.groups = {4588, 29, 23, 24};
  h.point_formats = {0};
  h.signature_algorithms = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601};
  h.versions = {0x0304, 0x0303};
  const ClientHello hello = parsed(h);
  EXPECT_EQ(ja3_string(hello),
            "771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172-156-157-47-53,"
            "45-51-16-65037-23-17613-0-11-10-43-65281-35-18-5-13-27,4588-29-23-24,0");
  EXPECT_EQ(ja3(hello), "98487aa16281980e7d1120d399efb6a4");
  EXPECT_EQ(ja4(hello), "t13d1516h2_8daaf6152771_d8a2da3f94cd");
}

// The example of Salesforce's JA3 README.
TEST(TlsFingerprint, Ja3OfSalesforceReadmeExample) {
  HelloSpec h;
  h.version = 0x0301;
  h.ciphers = {47, 53, 5, 10, 49161, 49162, 49171, 49172, 50, 56, 19, 4};
  h.extensions = {0, 10, 11};
  h.sni = "example.org";
  h.groups = {23, 24, 25};
  h.point_formats = {0};
  const ClientHello hello = parsed(h);
  EXPECT_EQ(ja3_string(hello), "769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,23-24-25,0");
  EXPECT_EQ(ja3(hello), "ada70206e40642a3e4461f35503241d5");
  // No supported_versions, no ALPN ("00"), no signature algorithms: the extension hash is of 000a,000b alone.
  EXPECT_EQ(ja4(hello), "t10d120300_d94e65cdb899_33a13ba74d1c");
}

TEST(TlsFingerprint, NoSniNoAlpnAndAnAlpnThatIsNotAlphanumeric) {
  HelloSpec h = foxio_readme_hello();
  std::erase(h.extensions, 0x0000u);
  h.alpn = {std::string("\xab\x01", 2)};
  const std::string fingerprint = ja4(parsed(h));
  EXPECT_EQ(fingerprint.substr(0, 11), "t13i1515a1_");
}

TEST(TlsHello, TruncatedOrBogusLengthsAreMalformed) {
  const std::string message = client_hello(foxio_readme_hello());
  const ByteSpan body = as_bytes(message).subspan(4);
  ClientHello hello;
  EXPECT_FALSE(parse_client_hello(body.first(40), hello));
  std::string bogus(message.substr(4));
  bogus[35] = '\x7f';  // the cipher list's length runs past the hello
  EXPECT_FALSE(parse_client_hello(as_bytes(bogus), hello));
  for (std::size_t n = 0; n < body.size(); ++n) {  // never reads past what it is given
    ClientHello partial;
    parse_client_hello(body.first(n), partial);
  }
}

AppConfig with_handshake_limit(std::size_t bytes) {
  AppConfig config;
  config.tls.max_handshake_bytes = bytes;
  return config;
}

struct TlsSession {
  explicit TlsSession(std::size_t max_handshake_bytes = 64 << 10) : config(with_handshake_limit(max_handshake_bytes)) {}
  AppConfig config;
  AppStats app_stats;
  TlsStats& stats = app_stats.tls;
  FtpExpectations ftp{app_stats.ftp};
  Pieces sink;
  TlsAnalyzer analyzer{AnalyzerEnv{config, app_stats, ftp, {}, {}, nullptr}};
  void feed(int dir, const std::string& data, std::size_t piece = SIZE_MAX) {
    for (std::size_t i = 0; i < data.size(); i += piece)
      analyzer.deliver(dir, as_bytes(std::string_view(data).substr(i, piece)), sink);
  }
  TlsSummary summary() const {
    ConnectionFacts f;
    analyzer.describe(0, f);
    return f.tls;
  }
};

std::string server_hello(unsigned version) {
  std::string body = u16(0x0303) + std::string(32, 's') + with_length8("") + u16(0x1301) + std::string(1, '\0');
  body += with_length16(u16(43) + with_length16(u16(version)));
  return '\x02' + u24(static_cast<unsigned>(body.size())) + body;
}

TEST(TlsAnalyzer, HelloInOneByteSegmentsThenCiphertextIsOpaque) {
  TlsSession s;
  const std::string hello = record(22, client_hello(foxio_readme_hello()));
  s.feed(0, hello, 1);
  ASSERT_TRUE(s.analyzer.claimed());
  EXPECT_FALSE(s.analyzer.opaque(0));  // no server has answered yet
  s.feed(1, record(22, server_hello(0x0304)) + record(23, std::string(300, 'x')), 7);
  s.feed(0, record(20, "\x01") + record(23, std::string(500, 'y')), 3);
  const TlsSummary t = s.summary();
  EXPECT_EQ(t.state, "encrypted");
  EXPECT_EQ(t.sni, "example.com");
  EXPECT_EQ(t.alpn, "h2,http/1.1");
  EXPECT_EQ(t.version, "TLS 1.3");
  EXPECT_EQ(t.cipher, "0x1301");
  EXPECT_EQ(t.ja4, "t13d1516h2_8daaf6152771_e5627efa2ab1");
  EXPECT_TRUE(s.analyzer.opaque(0));
  EXPECT_TRUE(s.analyzer.opaque(1));
  EXPECT_EQ(s.stats.connections, 1u);
  EXPECT_EQ(s.stats.client_hellos, 1u);
  EXPECT_EQ(s.stats.tls13, 1u);
  EXPECT_EQ(s.stats.encrypted_bytes, 800u);
  EXPECT_EQ(s.stats.malformed, 0u);
}

TEST(TlsAnalyzer, OtherFirstBytesAreNotClaimed) {
  EXPECT_FALSE(TlsAnalyzer::client_hello("GET / HTTP/1.1\r\n"));
  EXPECT_TRUE(TlsAnalyzer::client_hello("\x16"));
  EXPECT_FALSE(TlsAnalyzer::client_hello(std::string("\x16\x03\x01\x00\x10\x02", 6)));  // a ServerHello
  TlsSession s;
  s.feed(0, std::string("\x16\x03\x01\xff\xff\x01 and the rest", 20), 1);  // a record too long
  EXPECT_FALSE(s.analyzer.claimed());
  EXPECT_EQ(s.summary().state, "");
}

TEST(TlsAnalyzer, BogusRecordGivesTheBytesBackToTheRawScan) {
  TlsSession s;
  s.feed(0, record(22, client_hello(foxio_readme_hello())));
  s.feed(1, record(22, server_hello(0x0304)));
  EXPECT_TRUE(s.analyzer.opaque(0));
  s.feed(0, "plain text, not a record");
  EXPECT_FALSE(s.analyzer.opaque(0));
  EXPECT_TRUE(s.analyzer.opaque(1));
  EXPECT_EQ(s.stats.malformed, 1u);
}

TEST(TlsAnalyzer, HandshakeLongerThanTheLimitIsCountedNotHeld) {
  TlsSession s(1000);
  s.feed(0, record(22, client_hello(foxio_readme_hello())));
  s.feed(1, record(22, '\x0b' + u24(5000) + std::string(2000, 'c')));
  EXPECT_EQ(s.stats.limits, 1u);
  EXPECT_LT(s.analyzer.memory_bytes(), 2000u);
}

}  // namespace dlp::tls_test

namespace dlp::tls_test {

TEST(TlsKeyLog, SecretsByClientRandomAndGarbageCounted) {
  const std::string random(64, 'a'), other(64, 'b');
  TlsKeyLog log;
  log.read("# comment\n\nCLIENT_RANDOM " + random + " " + std::string(96, '1') + "\nSERVER_TRAFFIC_SECRET_0 " + random +
           " " + std::string(64, '2') + "\nRSA 0123456789abcdef " + std::string(96, '3') +
           "\nCLIENT_RANDOM zz 00\nCLIENT_RANDOM " + other + "\nCLIENT_RANDOM 0a " + std::string(96, '4') + "\n");
  const TlsKeyLogStats stats = log.stats();
  EXPECT_EQ(stats.lines, 8u);
  EXPECT_EQ(stats.secrets, 2u);
  EXPECT_EQ(stats.unreadable, 3u);  // not hex; no secret; a random that is not 32 bytes
  const auto s = log.find(std::string(32, '\xaa'));
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->master, std::string(48, '\x11'));
  EXPECT_EQ(s->server_traffic, std::string(32, '\x22'));
  EXPECT_FALSE(log.find(std::string(32, '\xbb')).has_value());
}

// A live key log: a lookup that misses reads what the file gained; a line
// being written counts once its newline has come; a file rewritten is read
// again.
TEST(TlsKeyLog, LiveLookupsReadWhatTheFileGained) {
  const auto path = (std::filesystem::temp_directory_path() / "refresh.keys").string();
  const std::string line = "CLIENT_RANDOM " + std::string(64, 'c') + " " + std::string(96, '5') + "\n";
  std::ofstream(path) << "# written by curl\n";
  TlsKeyLog log;
  ASSERT_TRUE(log.add_file(path));
  std::ofstream(path, std::ios::app) << line;
  EXPECT_FALSE(log.find(std::string(32, '\xcc')).has_value());  // not live: read once
  log.set_live();
  std::ofstream(path) << "# written by curl\n" << line.substr(0, 20);
  EXPECT_FALSE(log.find(std::string(32, '\xcc')).has_value());
  std::ofstream(path, std::ios::app) << line.substr(20);
  EXPECT_TRUE(log.find(std::string(32, '\xcc')).has_value());
  std::ofstream(path) << "CLIENT_RANDOM " << std::string(64, 'd') << " " << std::string(96, '6') << "\n";
  EXPECT_TRUE(log.find(std::string(32, '\xdd')).has_value());
  EXPECT_EQ(log.stats().unreadable, 0u);
  EXPECT_FALSE(log.add_file("/nonexistent.keys"));
  std::filesystem::remove(path);
}

}  // namespace dlp::tls_test
