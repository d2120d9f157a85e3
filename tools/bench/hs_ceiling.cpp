// The ceiling the sensor is measured against: Hyperscan alone scanning the
// TCP payload bytes of a capture with the sensor's own database, in memory,
// with no decoding, reassembly or validation on the clock.
// usage: hs-ceiling SIGNATURES PCAP
#include <hs/hs.h>

#include <chrono>
#include <cstdio>
#include <vector>

#include "capture/packet_source.hpp"
#include "decode/packet_decoder.hpp"
#include "detect/signatures/pattern_database.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: hs-ceiling SIGNATURES PCAP\n");
    return 2;
  }
  dlp::SignatureSet signatures = dlp::SignatureSet::load(argv[1], {});
  dlp::PatternDatabase db(signatures);

  dlp::CaptureConfig capture;
  capture.read_files = {argv[2]};
  dlp::PacketSource source(capture);
  dlp::PacketDecoder decoder(dlp::DecodeConfig{});
  std::vector<std::uint8_t> bytes;
  std::vector<std::size_t> ends;  // one scan call per packet payload, as the sensor makes
  dlp::RawPacket raw;
  dlp::DecodedPacket p;
  while (source.next(raw) == dlp::PacketSource::Status::packet) {
    if (decoder.decode(raw, p) != dlp::PacketDecoder::Result::tcp || p.payload.empty()) continue;
    bytes.insert(bytes.end(), p.payload.begin(), p.payload.end());
    ends.push_back(bytes.size());
  }

  hs_scratch_t* scratch = nullptr;
  hs_alloc_scratch(db.get(), &scratch);
  hs_stream_t* stream = nullptr;
  hs_open_stream(db.get(), 0, &stream);
  std::size_t matches = 0;
  auto count = [](unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) {
    ++*static_cast<std::size_t*>(ctx);
    return 0;
  };
  auto start = std::chrono::steady_clock::now();
  std::size_t from = 0;
  for (std::size_t end : ends) {
    hs_scan_stream(stream, reinterpret_cast<const char*>(&bytes[from]), static_cast<unsigned>(end - from), 0, scratch,
                   count, &matches);
    from = end;
  }
  hs_close_stream(stream, scratch, count, &matches);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"payload_bytes\":%zu,\"matches\":%zu,\"seconds\":%.3f,\"gbit_per_s\":%.3f}\n", bytes.size(), matches,
              seconds, bytes.size() * 8 / seconds / 1e9);
  hs_free_scratch(scratch);
  return 0;
}
