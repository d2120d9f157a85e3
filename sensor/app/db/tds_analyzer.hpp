#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/analyzer.hpp"
#include "app/db/db_limits.hpp"
#include "app/db/result_table.hpp"
#include "app/db/tds_framer.hpp"
#include "app/db/tds_types.hpp"

namespace dlp {

// SQL Server's TDS 7.x (MS-TDS), both directions: PRELOGIN's encryption
// (TLS around the login only, or around everything: counted encrypted; the
// latter is left to the raw scan), LOGIN7 (user, database, application),
// SQL batches and RPCs (the statement of sp_executesql and its kind), and
// the server's token stream: COLMETADATA, then ROW and NBCROW values of the
// common types (integers, decimals, money, dates and times, GUIDs, (N)CHAR,
// (N)VARCHAR with MAX values in PLP chunks, TEXT, NTEXT, XML) laid out as a
// table for the scan, NVARCHAR converted from UTF-16; a message may span
// many packets and a token many packets.
class TdsAnalyzer final : public Analyzer {
 public:
  TdsAnalyzer(const DbLimits& limits, DbStats& stats);
  static std::unique_ptr<Analyzer> create(const AnalyzerEnv& env);
  // Whether a client's first bytes are a PRELOGIN or a LOGIN7 message.
  static bool logs_in(std::string_view client_head);

  void deliver(int dir, ByteSpan data, ContentSink& sink) override;
  void undelivered(int dir, ContentSink& sink) override;
  void end_of_stream(int dir, ContentSink& sink) override;
  bool claimed() const override { return claimed_; }
  void describe(int dir, ConnectionFacts& facts) const override;
  std::size_t memory_bytes() const override;

 private:
  enum class Encryption : std::uint8_t { off = 0, on = 1, not_supported = 2, required = 3 };
  struct Column {
    TdsType type;
    std::string name;
  };

  void on_client(std::uint8_t type, std::uint8_t status, ByteSpan payload);
  void on_server(std::uint8_t type, std::uint8_t status, ByteSpan payload, ContentSink& sink);
  void client_message(std::uint8_t type, WireReader& r);
  void prelogin(WireReader& r, bool from_server);
  void login(WireReader& r);
  void rpc(WireReader& r);
  // Parses the tokens held; false when the stream makes no sense.
  bool tokens(bool message_ended, ContentSink& sink);
  // One token at `r`: false when it is not whole yet (r fails) or is not
  // one this reader knows (unknown set).
  bool token(WireReader& r, ContentSink& sink, bool& unknown);
  bool column_metadata(WireReader& r, ContentSink& sink);
  bool row(WireReader& r, bool null_bitmap, ContentSink& sink);
  void stop(bool desynchronised);

  const DbLimits& limits_;
  DbStats& stats_;
  std::array<TdsFramer, 2> framers_;
  bool claimed_ = false, stopped_ = false;
  bool prelogin_answer_pending_ = false;  // the client's PRELOGIN awaits the server's
  Encryption client_encryption_ = Encryption::not_supported;
  std::uint32_t tds_version_ = 0x74000004;
  std::string user_, database_, application_;
  std::vector<std::uint8_t> request_;  // the client's message, up to max_message_bytes
  std::vector<std::uint8_t> held_;     // the server's token bytes not parsed yet
  std::string query_;
  std::vector<Column> columns_;
  // Reused: a row's values one after another, where each ends (kNullCell: NULL), one value.
  static constexpr std::size_t kNullCell = ~std::size_t{0};
  std::string row_text_, value_;
  std::vector<std::size_t> cell_ends_;
  ResultTable table_;
  std::uint64_t rows_ = 0;
};

}  // namespace dlp
