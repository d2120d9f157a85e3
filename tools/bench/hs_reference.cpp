// The fixed reference the sensor's speed is reported against: Hyperscan
// alone, streaming, one stream per flow direction, over the TCP payloads of
// a capture preloaded in memory, with the expressions of a file (one per
// line, UTF-8; tools/bench/reference.hsre). It does not move with the
// sensor's own database, so a ratio to it stays comparable across versions.
// usage: hs-reference EXPRESSIONS PCAP
#include <hs/hs.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "capture/packet_source.hpp"
#include "decode/packet_decoder.hpp"

namespace {

hs_database_t* compile(const char* path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  std::vector<const char*> expressions;
  std::vector<unsigned> flags, ids;
  for (unsigned i = 0; i < lines.size(); ++i) {
    expressions.push_back(lines[i].c_str());
    flags.push_back(0);
    ids.push_back(i);
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(), static_cast<unsigned>(expressions.size()),
                       HS_MODE_STREAM, nullptr, &db, &error) != HS_SUCCESS) {
    std::fprintf(stderr, "%s: %s\n", path, error ? error->message : "does not compile");
    return nullptr;
  }
  return db;
}

struct Payload {
  std::size_t stream, from, to;  // which flow direction, and where its bytes are
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: hs-reference EXPRESSIONS PCAP\n");
    return 2;
  }
  hs_database_t* db = compile(argv[1]);
  if (!db) return 2;
  dlp::CaptureConfig capture;
  capture.read_files = {argv[2]};
  dlp::PacketSource source(capture);
  dlp::PacketDecoder decoder(dlp::DecodeConfig{});
  std::vector<std::uint8_t> bytes;
  std::vector<Payload> payloads;
  std::map<std::pair<dlp::Endpoint, dlp::Endpoint>, std::size_t> directions;
  dlp::RawPacket raw;
  dlp::DecodedPacket p;
  while (source.next(raw) == dlp::PacketSource::Status::packet) {
    if (decoder.decode(raw, p) != dlp::PacketDecoder::Result::tcp || p.payload.empty()) continue;
    const auto [it, added] = directions.try_emplace({p.src, p.dst}, directions.size());
    payloads.push_back({it->second, bytes.size(), bytes.size() + p.payload.size()});
    bytes.insert(bytes.end(), p.payload.begin(), p.payload.end());
  }

  hs_scratch_t* scratch = nullptr;
  hs_alloc_scratch(db, &scratch);
  std::vector<hs_stream_t*> streams(directions.size());
  for (auto& s : streams) hs_open_stream(db, 0, &s);
  std::size_t matches = 0;
  auto count = [](unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) {
    ++*static_cast<std::size_t*>(ctx);
    return 0;
  };
  const auto start = std::chrono::steady_clock::now();
  for (const Payload& at : payloads)
    hs_scan_stream(streams[at.stream], reinterpret_cast<const char*>(&bytes[at.from]),
                   static_cast<unsigned>(at.to - at.from), 0, scratch, count, &matches);
  for (auto* s : streams) hs_close_stream(s, scratch, count, &matches);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"payload_bytes\":%zu,\"streams\":%zu,\"matches\":%zu,\"seconds\":%.4f,\"gbit_per_s\":%.3f}\n",
              bytes.size(), streams.size(), matches, seconds, bytes.size() * 8 / seconds / 1e9);
  hs_free_scratch(scratch);
  hs_free_database(db);
  return 0;
}
