#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/counters.hpp"

namespace dlp {

// What a database analyzer holds, per connection.
struct DbLimits {
  std::size_t max_message_bytes = 1 << 20;  // of one message (a row): the rest of a longer one is skipped
  std::size_t max_columns = 4096;           // a result set with more is not read
  std::size_t max_statement_bytes = 512;    // of a statement, kept for the alerts (db_query)
  std::size_t max_prepared = 256;           // prepared statements remembered
};

// A statement as the alerts quote it: its first max_statement_bytes, cut
// between characters, made printable. Its personal data is masked later,
// by the session (mask_personal_data).
std::string quoted_statement(std::string_view sql, const DbLimits& limits);

// The counters of one database protocol's analyzer.
struct DbStats {
  std::uint64_t connections = 0;
  std::uint64_t messages = 0;
  std::uint64_t result_sets = 0;
  std::uint64_t rows = 0;
  std::uint64_t uploads = 0;
  std::uint64_t encrypted = 0;
  std::uint64_t desynchronised = 0;
  std::uint64_t limits = 0;
  static constexpr Counter<DbStats> counters[] = {
      {"connections", &DbStats::connections, "connections of this protocol"},
      {"messages", &DbStats::messages, "protocol messages read"},
      {"result_sets", &DbStats::result_sets, "result sets laid out as tables for the scan"},
      {"rows", &DbStats::rows, "rows of those result sets"},
      {"uploads", &DbStats::uploads, "data sent to the server for a table (LOAD DATA, COPY FROM)"},
      {"encrypted", &DbStats::encrypted, "connections that turned to TLS (or compression): left to the raw scan"},
      {"desynchronised", &DbStats::desynchronised,
       "connections whose messages stopped making sense: the analyzer stops, the raw scan goes on"},
      {"limits", &DbStats::limits, "messages longer than max_message_bytes, or result sets past max_columns"},
  };
};

}  // namespace dlp
