#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/analyzer.hpp"
#include "app/db/db_limits.hpp"
#include "app/db/pgsql_framer.hpp"
#include "app/db/result_table.hpp"

namespace dlp {

class WireReader;

// PostgreSQL's protocol 3.0, both directions: the startup (user and
// database), the simple query, the extended query (Parse, Bind, Execute,
// Sync), and from the server each RowDescription and its DataRows laid out
// as a table (ResultTable) with the statement that asked for them; COPY ...
// TO STDOUT as a table too (its header from the statement's column list),
// COPY ... FROM STDIN as an upload. An SSLRequest or GSSENCRequest the
// server accepts makes the connection encrypted, left to the raw scan; a
// message that makes no sense stops the analyzer (desynchronised).
class PgsqlAnalyzer final : public Analyzer {
 public:
  PgsqlAnalyzer(const DbLimits& limits, DbStats& stats);
  static std::unique_ptr<Analyzer> create(const AnalyzerEnv& env);
  // Whether a client's first bytes are a startup message or an encryption
  // request or, in a connection picked up midway, a simple query.
  static bool starts_up(std::string_view client_head);

  void deliver(int dir, ByteSpan data, ContentSink& sink) override;
  void undelivered(int dir, ContentSink& sink) override;
  void end_of_stream(int dir, ContentSink& sink) override;
  bool claimed() const override { return claimed_; }
  void describe(int dir, ConnectionFacts& facts) const override;
  std::size_t memory_bytes() const override;

 private:
  // A statement the server will answer, in order: a simple query's lasts
  // to its ReadyForQuery, an Execute's to its CommandComplete; a Sync is
  // one with no text.
  struct Pending {
    std::string sql;
    bool until_ready;
  };
  struct Column {
    std::uint32_t type;
    bool binary;
  };

  void on_client(int type, ByteSpan body, ContentSink& sink);
  void on_server(int type, ByteSpan body, std::uint64_t length, ContentSink& sink);
  void startup(WireReader& r);
  void extended(int type, WireReader& r);
  void expect(std::string sql, bool until_ready);
  void row_description(WireReader& r, ContentSink& sink);
  void data_row(WireReader& r, bool cut, ContentSink& sink);
  void copy_out(ContentSink& sink);
  void copy_data(int dir, ByteSpan body, ContentSink& sink);
  // A statement is answered (CommandComplete), failed (ErrorResponse) or
  // the server is ready again: what is open ends, and what is answered goes.
  void answered(int type, ContentSink& sink);
  const std::string& current_sql() const;
  void stop(bool desynchronised);

  const DbLimits& limits_;
  DbStats& stats_;
  std::array<PgsqlFramer, 2> framers_;
  bool first_bytes_ = true;
  bool claimed_ = false;
  bool stopped_ = false;
  std::string user_, database_;
  std::unordered_map<std::string, std::string> statements_, portals_;  // by name: the statement's text
  std::deque<Pending> pending_;
  std::vector<Column> columns_;
  bool reading_rows_ = false;
  enum class Copy { none, out, in } copy_ = Copy::none;
  bool uploading_ = false;
  ResultTable table_;
  std::uint64_t rows_ = 0;
};

}  // namespace dlp
