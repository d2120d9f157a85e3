// libFuzzer harness for the database analyzers: the input's first byte picks
// the analyzer (modulo 3: MySQL, PostgreSQL, TDS), the rest is a session
// (fuzz_session.hpp). Build: cmake -DFUZZ=ON -DCMAKE_CXX_COMPILER=clang++
// -DCMAKE_C_COMPILER=clang; run: build/fuzz-db -max_len=65536 corpus/
#include "app/db/mysql_analyzer.hpp"
#include "app/db/pgsql_analyzer.hpp"
#include "app/db/tds_analyzer.hpp"
#include "fuzz_session.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dlp::DbLimits limits;
  limits.max_message_bytes = 4096;  // small, so that the cut paths run
  limits.max_columns = 64;
  limits.max_prepared = 4;
  dlp::DbStats stats;
  if (size == 0) return 0;
  std::unique_ptr<dlp::Analyzer> made;
  if (data[0] % 3 == 0)
    made = std::make_unique<dlp::MysqlAnalyzer>(limits, stats);
  else if (data[0] % 3 == 1)
    made = std::make_unique<dlp::PgsqlAnalyzer>(limits, stats);
  else
    made = std::make_unique<dlp::TdsAnalyzer>(limits, stats);
  // The limits hold: a TDS packet (up to 64 KiB) is held whole, and a table's long values wait to be scanned.
  dlp::fuzz::play_session(*made, data + 1, size - 1, 512u << 10);
  return 0;
}
