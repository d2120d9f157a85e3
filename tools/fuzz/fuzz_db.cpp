// libFuzzer harness for the database analyzers: the input's first byte picks
// the analyzer (modulo 3: MySQL, PostgreSQL, TDS), the rest is a session of
// pieces, each a byte (its direction in the low bit, a hole when bit 1 is
// set, its length in the rest, times 37) then its bytes; a piece may cut a
// message anywhere. The analyzer must never read outside a message, hang or
// grow past its limits. Build: cmake -DFUZZ=ON -DCMAKE_CXX_COMPILER=clang++
// -DCMAKE_C_COMPILER=clang; run: build/fuzz-db -max_len=65536 corpus/
#include <cstddef>
#include <cstdint>

#include "app/content_sink.hpp"
#include "app/db/mysql_analyzer.hpp"
#include "app/db/pgsql_analyzer.hpp"
#include "app/db/tds_analyzer.hpp"

namespace {

struct Discard final : dlp::ContentSink {
  void begin(const dlp::ContentContext&) override {}
  void data(dlp::ByteSpan) override {}
  void end() override {}
  void truncated() override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dlp::DbLimits limits;
  limits.max_message_bytes = 4096;  // small, so that the cut paths run
  limits.max_columns = 64;
  limits.max_prepared = 4;
  dlp::DbStats stats;
  Discard sink[2];
  if (size == 0) return 0;
  std::unique_ptr<dlp::Analyzer> made;
  if (data[0] % 3 == 0)
    made = std::make_unique<dlp::MysqlAnalyzer>(limits, stats);
  else if (data[0] % 3 == 1)
    made = std::make_unique<dlp::PgsqlAnalyzer>(limits, stats);
  else
    made = std::make_unique<dlp::TdsAnalyzer>(limits, stats);
  dlp::Analyzer& analyzer = *made;
  for (std::size_t at = 1; at < size;) {
    const std::uint8_t head = data[at++];
    const int dir = head & 1;
    const std::size_t length = std::min<std::size_t>(size - at, (head >> 2) * 37u + 1);
    if (head & 2) analyzer.undelivered(dir, sink[dir]);
    analyzer.deliver(dir, {data + at, length}, sink[dir]);
    at += length;
    // The limits hold: a TDS packet (up to 64 KiB) is held whole, and a table's long values wait to be scanned.
    if (analyzer.memory_bytes() > 512u << 10) __builtin_trap();
  }
  analyzer.end_of_stream(0, sink[0]);
  analyzer.end_of_stream(1, sink[1]);
  return 0;
}
