// libFuzzer harness for TLS. An input whose first byte is odd is a session
// (fuzz_session.hpp) for the TLS analyzer (records, hellos, certificates
// through OpenSSL, fingerprints), whose first client bytes are a
// ClientHello record's header so that the analyzer claims it. An even one
// is a run of records (a 5-byte header, its body) for a record cipher of the
// suite the second byte picks, with fixed keys: every length, padding and
// MAC check on hostile records. Build: cmake -DFUZZ=ON
// -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang; run:
// build/fuzz-tls -max_len=65536 corpus/
#include <string>

#include "app/app_config.hpp"
#include "app/tls/tls_analyzer.hpp"
#include "app/tls/tls_record_cipher.hpp"
#include "app/tls/tls_suites.hpp"
#include "fuzz_session.hpp"

namespace {

void session(const std::uint8_t* data, std::size_t size) {
  dlp::AppConfig config;
  config.tls.max_handshake_bytes = 8192;  // small, so that the cut path runs
  dlp::AppStats stats;
  dlp::FtpExpectations ftp(stats.ftp);
  dlp::TlsAnalyzer analyzer(dlp::AnalyzerEnv{config, stats, ftp, {}, {}, nullptr});
  dlp::fuzz::Discard sink;
  static constexpr std::uint8_t kHelloHeader[] = {0x16, 0x03, 0x01};
  analyzer.deliver(0, kHelloHeader, sink);
  dlp::fuzz::play_session(analyzer, data, size, 64u << 10);
}

void records(const std::uint8_t* data, std::size_t size) {
  static constexpr std::uint16_t kSuites[] = {0x1301, 0x1302, 0x1303, 0xc02f, 0xcca8, 0x002f, 0xc027, 0xc028};
  if (size < 1) return;
  const dlp::TlsSuite& suite = *dlp::find_tls_suite(kSuites[data[0] % std::size(kSuites)]);
  const std::string secret(48, 's'), client(32, 'c'), server(32, 'r');
  auto cipher = suite.tls13 ? dlp::TlsRecordCipher::tls13(suite, secret)
                            : dlp::TlsRecordCipher::tls12(suite, secret, client, server, true, data[0] & 0x80);
  std::string plain;
  std::uint8_t type = 0;
  for (std::size_t at = 1; at + 5 <= size;) {
    const dlp::ByteSpan header(data + at, 5);
    const std::size_t length = std::min<std::size_t>(size - at - 5, std::size_t{data[at + 3]} << 8 | data[at + 4]);
    cipher->open(header, {data + at + 5, length}, plain, type);
    if (data[at] == 0x18) cipher->update();
    at += 5 + length;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  if (data[0] & 1)
    session(data + 1, size - 1);
  else
    records(data + 1, size - 1);
  return 0;
}
