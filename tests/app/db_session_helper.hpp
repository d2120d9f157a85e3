#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "app/analyzer.hpp"
#include "app/content_helper.hpp"
#include "app/db/db_limits.hpp"

namespace dlp::test {

// A database analyzer with its limits and counters, and what it passes on
// from each direction (client 0, server 1).
template <class DbAnalyzer>
struct DbSession {
  DbLimits limits;
  DbStats stats;
  Pieces client, server;
  DbAnalyzer analyzer{limits, stats};

  // `data` to direction `dir`, in pieces of `piece` bytes.
  void feed(int dir, const std::string& data, std::size_t piece = SIZE_MAX) {
    for (std::size_t i = 0; i < data.size(); i += piece)
      analyzer.deliver(dir, as_bytes(std::string_view(data).substr(i, piece)), dir == 0 ? client : server);
  }
  void finish() {
    analyzer.end_of_stream(0, client);
    analyzer.end_of_stream(1, server);
  }
  // What the server's direction tells its alerts.
  ConnectionFacts facts() const {
    ConnectionFacts f;
    analyzer.describe(1, f);
    return f;
  }
};

}  // namespace dlp::test
