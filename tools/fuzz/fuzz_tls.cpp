// libFuzzer harness for the TLS analyzer (records, hellos, certificates
// through OpenSSL, fingerprints): the input is a session (fuzz_session.hpp)
// whose first client bytes are a ClientHello record's header, so that the
// analyzer claims it. Build: cmake -DFUZZ=ON -DCMAKE_CXX_COMPILER=clang++
// -DCMAKE_C_COMPILER=clang; run: build/fuzz-tls -max_len=65536 corpus/
#include <vector>

#include "app/tls/tls_analyzer.hpp"
#include "fuzz_session.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dlp::TlsLimits limits;
  limits.max_handshake_bytes = 8192;  // small, so that the cut path runs
  dlp::TlsStats stats;
  dlp::TlsAnalyzer analyzer(limits, stats);
  dlp::fuzz::Discard sink;
  static constexpr std::uint8_t kHelloHeader[] = {0x16, 0x03, 0x01};
  analyzer.deliver(0, kHelloHeader, sink);
  dlp::fuzz::play_session(analyzer, data, size, 64u << 10);
  return 0;
}
