// libFuzzer harness for the HTTP/2 analyzer (frames, padding, HPACK through
// libnghttp2, streams taking turns, bodies through HttpBody): the input is
// a session (fuzz_session.hpp) after the client's connection preface.
// Build: cmake -DFUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang;
// run: build/fuzz-http2 -max_len=65536 corpus/
#include "app/app_config.hpp"
#include "app/http2/http2_analyzer.hpp"
#include "fuzz_session.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dlp::AppConfig config;
  config.http.max_body_bytes = 1 << 20;  // small, so that the cut path runs
  config.http.max_header_bytes = 4096;
  dlp::AppStats stats;
  dlp::Http2Analyzer analyzer(config.http, config.content, stats.http, stats.content, stats.http2);
  dlp::fuzz::Discard sink;
  analyzer.deliver(0, dlp::as_bytes(dlp::Http2FrameReader::kPreface), sink);
  // Bodies held for streams waiting their turn (4 MiB) and the decoders' state.
  dlp::fuzz::play_session(analyzer, data, size, 8u << 20);
  return 0;
}
