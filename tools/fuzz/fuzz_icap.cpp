// libFuzzer harness for the ICAP server's connection logic without the
// socket: the parser (heads, Encapsulated offsets, chunks, previews), the
// policy (204, returned unchanged, held, streamed, blocked) and the
// inspection of what the messages encapsulate. The first byte chooses the
// mode, the failure policy and the size of the pieces the rest is fed in;
// a small hold makes the overflow paths run.
// Build: cmake -DFUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang;
// run: build/fuzz-icap -max_len=20000 corpus/
#include "icap/icap_connection.hpp"

namespace {

struct Stages {
  dlp::AppConfig app;
  dlp::FindingsConfig findings;
  dlp::ScanConfig scan;
  dlp::ReportConfig report;
  dlp::Engine engine =
      std::make_shared<const dlp::DetectionEngine>(DLP_DEFAULT_SIGNATURES, dlp::ValidatorConfig{2026}, "");
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Stages stages;
  if (size == 0) return 0;
  dlp::IcapConfig config;
  config.mode = data[0] & 1 ? dlp::IcapMode::block : dlp::IcapMode::monitor;
  config.failure = data[0] & 2 ? dlp::IcapFailure::closed : dlp::IcapFailure::open;
  config.block_severity = dlp::Severity::info;
  config.max_held_bytes = 512;
  config.max_held_total_bytes = 1024;
  const std::size_t piece = (data[0] >> 2) * 61u + 1;
  std::size_t alerts = 0;
  dlp::IcapService service(config, {stages.app, stages.findings, stages.scan, stages.report}, stages.engine,
                           [&](const dlp::Alert&) { ++alerts; });
  dlp::IcapConnection connection(service, *dlp::IpAddress::parse("192.0.2.1"));
  std::string out;
  for (std::size_t at = 1; at < size; at += piece) {
    out.clear();
    if (!connection.receive({data + at, std::min(piece, size - at)}, out)) break;
  }
  return 0;
}
