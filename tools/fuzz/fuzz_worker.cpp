// libFuzzer harness: every stage of a worker (decode, defrag, flows, TCP
// reassembly, scanning, findings) fed with packets made from the fuzzer's
// bytes. Input format, repeated: 1 byte (link type index and clock step),
// 2 bytes big-endian length, that many bytes of frame.
// Build: cmake -S . -B build-fuzz -DFUZZ=ON -DCMAKE_CXX_COMPILER=clang++
// Run:   build-fuzz/fuzz-worker -max_total_time=300 CORPUS_DIR
#include <pcap/dlt.h>

#include <algorithm>

#include "flow/network_roles.hpp"
#include "worker.hpp"

namespace {

struct Sensor {
  dlp::SensorConfig config;
  dlp::NetworkRoles roles;
  dlp::Engine engine =
      std::make_shared<const dlp::DetectionEngine>(DLP_DEFAULT_SIGNATURES, dlp::ValidatorConfig{2026}, "");
  Sensor() {
    std::string why;
    roles.home.parse(dlp::NetworkRoles::kDefaultHome, why);
    roles.servers.parse("10.9.0.0/16", why);
    config.report.all_directions = true;
    config.flow.memcap = 4u << 20;  // small caps, so that eviction paths run too
    config.reassembly.memcap = 1u << 20;
    config.reassembly.stream_max_segments = 64;
    config.decode.defrag.memcap = 256u << 10;
  }
};

constexpr int kLinkTypes[] = {DLT_EN10MB, DLT_LINUX_SLL, 276, DLT_RAW, DLT_NULL, DLT_LOOP, DLT_PPP, 228, 229};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Sensor sensor;
  std::size_t alerts = 0;
  dlp::Worker worker(sensor.config, sensor.roles, sensor.engine, [&](const dlp::Alert&) { ++alerts; });
  std::int64_t clock = 1'700'000'000'000'000;
  for (std::size_t pos = 0; pos + 3 <= size;) {
    std::uint8_t head = data[pos];
    std::size_t length = std::min<std::size_t>(data[pos + 1] << 8 | data[pos + 2], size - pos - 3);
    pos += 3;
    clock += (head >> 4) * 1'000'000;  // up to 15 s between packets, so timeouts run
    dlp::RawPacket raw{{clock},
                       kLinkTypes[(head & 0x0F) % std::size(kLinkTypes)],
                       dlp::ByteSpan(data + pos, length),
                       static_cast<std::uint32_t>(length)};
    worker.process(raw);
    pos += length;
  }
  worker.finish();
  return 0;
}
