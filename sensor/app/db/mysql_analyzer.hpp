#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/analyzer.hpp"
#include "app/db/db_limits.hpp"
#include "app/db/mysql_framer.hpp"
#include "app/db/result_table.hpp"

namespace dlp {

class WireReader;

// The MySQL/MariaDB classic protocol, both directions: the login (user and
// database, never the password), COM_QUERY, COM_STMT_PREPARE/EXECUTE,
// COM_INIT_DB and COM_CHANGE_USER from the client; from the server, text
// and binary result sets, each laid out as a table (ResultTable) for the
// scan, with the statement that asked for it; the file a LOAD DATA LOCAL
// INFILE sends, as an upload. A connection that turns to TLS or
// compression is counted encrypted and left to the raw scan; a message
// that makes no sense stops the analyzer (desynchronised).
class MysqlAnalyzer final : public Analyzer {
 public:
  MysqlAnalyzer(const DbLimits& limits, DbStats& stats);
  static std::unique_ptr<Analyzer> create(const AnalyzerEnv& env);
  // Whether a client's first bytes are a login (after the server's
  // greeting) or, in a connection picked up midway, a query.
  static bool speaks(std::string_view client_head);

  void deliver(int dir, ByteSpan data, ContentSink& sink) override;
  void undelivered(int dir, ContentSink& sink) override;
  void end_of_stream(int dir, ContentSink& sink) override;
  bool claimed() const override { return phase_ != Phase::stopped || claimed_; }
  void describe(int dir, ConnectionFacts& facts) const override;
  std::size_t memory_bytes() const override;

  struct Column {
    std::string name;
    std::uint8_t type = 0;
    std::uint16_t flags = 0;
  };

 private:
  enum class Phase { login, auth, command, stopped };
  // What the server's next packet is, in its answer to the command.
  enum class Reply { none, first, columns, rows, prepare_params, prepare_columns, infile, ignored };

  void on_client(std::uint8_t seq, ByteSpan payload, std::uint64_t length, ContentSink& sink);
  void on_server(ByteSpan payload, std::uint64_t length, ContentSink& sink);
  void login(WireReader& r, ByteSpan payload);
  void command(WireReader& r);
  void upload(ByteSpan payload, ContentSink& sink);
  void reply_first(WireReader& r, ByteSpan payload, ContentSink& sink);
  void column(WireReader& r, ContentSink& sink);
  // The group of column definitions read (and its EOF): what comes next.
  void next_group(ContentSink& sink);
  void start_rows(ContentSink& sink);
  void row(WireReader& r, bool cut, ContentSink& sink);
  bool text_row(WireReader& r);
  bool binary_row(WireReader& r);
  void end_result(WireReader& r, ContentSink& sink);
  void prepared(WireReader& r);
  void statement(std::string_view sql);
  void stop(bool desynchronised);

  const DbLimits& limits_;
  DbStats& stats_;
  std::array<MysqlFramer, 2> framers_;
  Phase phase_ = Phase::login;
  bool claimed_ = false;    // it was MySQL, and stays this connection's protocol once stopped
  std::uint64_t caps_ = 0;  // the client's capabilities, MariaDB's extended ones in the high half
  std::string user_, database_;
  // Of what the analyzer passes on (0: an upload, 1: a result set), not of
  // the raw bytes: the statement reaches the alerts masked, through the sink.
  std::array<ContentContext, 2> context_;
  Reply reply_ = Reply::none;
  bool binary_ = false;           // the reply is to COM_STMT_EXECUTE
  std::uint64_t group_left_ = 0;  // column definitions still to come
  std::vector<Column> columns_;
  std::string preparing_;  // the statement of a COM_STMT_PREPARE awaiting its id
  std::uint32_t preparing_id_ = 0;
  std::uint64_t prepared_columns_ = 0;  // the prepared statement's column definitions to come
  struct Prepared {
    std::string sql;
    std::vector<Column> columns;
  };
  std::unordered_map<std::uint32_t, Prepared> prepared_;
  std::uint32_t executing_ = 0;
  ResultTable table_;
  bool uploading_ = false;
  std::uint64_t rows_ = 0;
};

}  // namespace dlp
