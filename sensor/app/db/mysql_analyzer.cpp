#include "app/db/mysql_analyzer.hpp"

#include <cctype>
#include <utility>

#include "app/app_config.hpp"
#include "app/db/mysql_values.hpp"
#include "common/printable.hpp"
#include "common/wire_reader.hpp"

namespace dlp {

namespace {

// Capability flags (MySQL's protocol documentation, "Capabilities Flags";
// MariaDB's extended ones in the upper 32 bits).
constexpr std::uint64_t kConnectWithDb = 0x8, kCompress = 0x20, kProtocol41 = 0x200, kSsl = 0x800,
                        kSecureConnection = 0x8000, kLenencAuth = 0x200000, kDeprecateEof = 0x1000000,
                        kQueryAttributes = 0x8000000, kClientMysql = 0x1, kMariadbExtendedMetadata = 1ull << 35,
                        kMariadbCacheMetadata = 1ull << 36;
constexpr std::uint16_t kMoreResults = 0x0008;  // server status flag
constexpr std::uint16_t kUnsigned = 0x20;       // column flag

enum Command : std::uint8_t {
  kQuit = 0x01,
  kInitDb = 0x02,
  kQuery = 0x03,
  kChangeUser = 0x11,
  kStmtPrepare = 0x16,
  kStmtExecute = 0x17,
  kStmtSendLongData = 0x18,
  kStmtClose = 0x19,
};

bool is_eof(ByteSpan payload, std::uint64_t length) {
  return !payload.empty() && payload[0] == 0xFE && length < MysqlFramer::kMaxPacket;
}

}  // namespace

MysqlAnalyzer::MysqlAnalyzer(const DbLimits& limits, DbStats& stats)
    : limits_(limits),
      stats_(stats), framers_{MysqlFramer(limits.max_message_bytes), MysqlFramer(limits.max_message_bytes)} {}

std::unique_ptr<Analyzer> MysqlAnalyzer::create(const AnalyzerEnv& env) {
  return std::make_unique<MysqlAnalyzer>(env.config.db, env.stats.mysql);
}

// A HandshakeResponse41 (sequence 1, or 2 after an SSL request) or a
// 32-byte SSL request, with the 4.1 protocol and a zero filler; or a
// COM_QUERY in one packet of the bytes seen, whose text starts with a letter.
bool MysqlAnalyzer::speaks(std::string_view head) {
  if (head.size() < 5) return false;
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(head[i]); };
  const std::uint32_t length = byte(0) | byte(1) << 8 | byte(2) << 16;
  if (byte(3) == 0 && byte(4) == kQuery) return length >= 2 && length + 4 == head.size() && std::isalpha(byte(5)) != 0;
  if ((byte(3) != 1 && byte(3) != 2) || length < 32 || head.size() < 36) return false;
  if (!((byte(4) | byte(5) << 8) & kProtocol41)) return false;
  for (std::size_t i = 13; i < 32; ++i)
    if (head[i] != 0) return false;
  return true;
}

void MysqlAnalyzer::deliver(int dir, ByteSpan data, ContentSink& sink) {
  if (phase_ == Phase::stopped) {
    if (dir == 1) table_.end(sink);
    return;
  }
  framers_[dir].feed(data, [&](std::uint8_t seq, ByteSpan payload, std::uint64_t length) {
    if (phase_ == Phase::stopped) return;
    ++stats_.messages;
    if (length > payload.size()) ++stats_.limits;
    if (dir == 0)
      on_client(seq, payload, length, sink);
    else
      on_server(payload, length, sink);
  });
}

// A hole: where the next message starts is lost.
void MysqlAnalyzer::undelivered(int dir, ContentSink& sink) {
  end_of_stream(dir, sink);
  stop(true);
}

void MysqlAnalyzer::end_of_stream(int dir, ContentSink& sink) {
  if (dir == 0 && uploading_) {
    uploading_ = false;
    sink.end();
  }
  if (dir == 1) table_.end(sink);
}

// A result set being read ends with the server's next bytes or its end.
void MysqlAnalyzer::stop(bool desynchronised) {
  if (phase_ == Phase::stopped) return;
  if (desynchronised && claimed_) ++stats_.desynchronised;
  phase_ = Phase::stopped;
}

void MysqlAnalyzer::on_client(std::uint8_t seq, ByteSpan payload, std::uint64_t length, ContentSink& sink) {
  WireReader r(payload);
  // A command starts a new sequence: the login is over (or was before the capture began).
  if ((phase_ == Phase::login || phase_ == Phase::auth) && seq == 0) phase_ = Phase::command;
  switch (phase_) {
    case Phase::login: return login(r, payload);
    case Phase::auth: return;  // the answers of an authentication exchange
    case Phase::command:
      if (reply_ == Reply::infile && seq != 0) return upload(payload, sink);
      if (seq != 0 || length == 0) return stop(true);
      return command(r);
    case Phase::stopped: return;
  }
}

void MysqlAnalyzer::login(WireReader& r, ByteSpan payload) {
  caps_ = r.le(4);
  r.skip(4 + 1 + 19);  // max packet, character set, filler
  const std::uint64_t extended = r.le(4);
  if (!(caps_ & kProtocol41) || !r.ok()) return stop(true);
  if (!(caps_ & kClientMysql)) caps_ |= extended << 32;
  claimed_ = true;
  ++stats_.connections;
  if (payload.size() == 32 && (caps_ & kSsl)) {
    ++stats_.encrypted;
    phase_ = Phase::stopped;
    return;
  }
  user_ = printable_utf8(r.nul_terminated());
  if (caps_ & kLenencAuth)
    r.skip(mysql_lenenc(r));
  else if (caps_ & kSecureConnection)
    r.skip(r.le(1));
  else
    r.nul_terminated();
  if (caps_ & kConnectWithDb) database_ = printable_utf8(r.nul_terminated());
  phase_ = Phase::auth;
  if (caps_ & kCompress) {
    ++stats_.encrypted;
    phase_ = Phase::stopped;
  }
}

void MysqlAnalyzer::statement(std::string_view sql) {
  context_[0].db_query = context_[1].db_query = quoted_statement(sql, limits_);
  context_[0].filename.clear();
}

void MysqlAnalyzer::command(WireReader& r) {
  claimed_ = true;
  binary_ = false;
  reply_ = Reply::first;
  preparing_.clear();
  switch (r.le(1)) {
    case kQuery:
      // MySQL 8's query attributes: a count and a set count before the text
      // (with attributes, their values are taken as part of it).
      if (caps_ & kQueryAttributes) {
        mysql_lenenc(r);
        mysql_lenenc(r);
      }
      return statement(as_chars(r.rest()));
    case kStmtPrepare: preparing_ = as_chars(r.rest()); return;
    case kStmtExecute: {
      executing_ = static_cast<std::uint32_t>(r.le(4));
      binary_ = true;
      const auto it = prepared_.find(executing_);
      return statement(it == prepared_.end() ? std::string_view{} : std::string_view(it->second.sql));
    }
    case kInitDb: database_ = printable_utf8(as_chars(r.rest())); return;
    case kChangeUser:
      user_ = printable_utf8(r.nul_terminated());
      if (caps_ & kSecureConnection)
        r.skip(r.le(1));
      else
        r.nul_terminated();
      database_ = printable_utf8(r.nul_terminated());
      phase_ = Phase::auth;
      return;
    case kStmtSendLongData:
    case kStmtClose:
    case kQuit: reply_ = Reply::none; return;
    default: reply_ = Reply::ignored; return;
  }
}

// The file of a LOAD DATA LOCAL INFILE, packet after packet; an empty one ends it.
void MysqlAnalyzer::upload(ByteSpan payload, ContentSink& sink) {
  if (payload.empty()) {
    if (uploading_) sink.end();
    uploading_ = false;
    reply_ = Reply::first;  // the server's OK or ERR
    return;
  }
  if (!uploading_) {
    ++stats_.uploads;
    sink.begin(context_[0]);
    uploading_ = true;
  }
  sink.data(payload);
}

void MysqlAnalyzer::on_server(ByteSpan payload, std::uint64_t length, ContentSink& sink) {
  WireReader r(payload);
  if (phase_ == Phase::auth) {
    // OK: logged in; ERR: refused; anything else is the authentication exchange.
    if (!payload.empty() && payload[0] == 0x00) phase_ = Phase::command;
    return;
  }
  if (phase_ != Phase::command) return;
  switch (reply_) {
    case Reply::first: return reply_first(r, payload, sink);
    case Reply::columns:
    case Reply::prepare_params:
    case Reply::prepare_columns:
      if (group_left_ > 0) return column(r, sink);
      if (!is_eof(payload, length)) return stop(true);
      return next_group(sink);
    case Reply::rows:
      if (is_eof(payload, length) || (!payload.empty() && payload[0] == 0xFF)) return end_result(r, sink);
      return row(r, length > payload.size(), sink);
    case Reply::none:
    case Reply::infile:
    case Reply::ignored: return;
  }
}

// OK, ERR, a request for a local file, or a result set's column count.
void MysqlAnalyzer::reply_first(WireReader& r, ByteSpan payload, ContentSink& sink) {
  if (payload.empty()) return stop(true);
  const std::uint8_t first = payload[0];
  if (first == 0x00 && !preparing_.empty()) return prepared(r);
  if (first == 0x00 || first == 0xFF) {
    reply_ = Reply::none;
    return;
  }
  if (first == 0xFB) {
    r.skip(1);
    context_[0].filename = printable_utf8(as_chars(r.rest()));
    reply_ = Reply::infile;
    return;
  }
  const std::uint64_t count = mysql_lenenc(r);
  const bool metadata = !(caps_ & kMariadbCacheMetadata) || r.le(1) != 0;
  if (!r.ok() || count == 0) return stop(true);
  if (count > limits_.max_columns) {
    ++stats_.limits;
    reply_ = Reply::ignored;
    return;
  }
  columns_.clear();
  if (!metadata) {  // MariaDB: the columns are those the statement was prepared with
    const auto it = prepared_.find(executing_);
    if (!binary_ || it == prepared_.end() || it->second.columns.size() != count) return stop(true);
    columns_ = it->second.columns;
    group_left_ = 0;
    reply_ = Reply::columns;
    // The EOF packet that would end the definitions still comes.
    return caps_ & kDeprecateEof ? start_rows(sink) : void();
  }
  group_left_ = count;
  reply_ = Reply::columns;
}

// A column definition (ColumnDefinition41): its name, type and flags.
void MysqlAnalyzer::column(WireReader& r, ContentSink& sink) {
  for (int i = 0; i < 4; ++i) mysql_lenenc_string(r);  // catalog, schema, table, original table
  Column c;
  c.name = printable_utf8(mysql_lenenc_string(r));
  mysql_lenenc_string(r);                                        // original name
  if (caps_ & kMariadbExtendedMetadata) mysql_lenenc_string(r);  // a type's extra name (json, uuid...)
  mysql_lenenc(r);                                               // the fixed fields' length
  r.skip(2 + 4);                                                 // character set, display length
  c.type = static_cast<std::uint8_t>(r.le(1));
  c.flags = static_cast<std::uint16_t>(r.le(2));
  if (!r.ok()) return stop(true);
  if (reply_ == Reply::columns) columns_.push_back(std::move(c));
  if (reply_ == Reply::prepare_columns) prepared_[preparing_id_].columns.push_back(std::move(c));
  if (--group_left_ == 0 && !(caps_ & kDeprecateEof)) return;  // an EOF packet ends the group
  if (group_left_ == 0) next_group(sink);
}

void MysqlAnalyzer::next_group(ContentSink& sink) {
  if (reply_ == Reply::columns) return start_rows(sink);
  if (reply_ == Reply::prepare_params && prepared_columns_ > 0) {
    reply_ = Reply::prepare_columns;
    group_left_ = prepared_columns_;
    return;
  }
  reply_ = Reply::none;
}

// COM_STMT_PREPARE's OK: the statement's id, then its parameters' and its
// columns' definitions.
void MysqlAnalyzer::prepared(WireReader& r) {
  r.skip(1);
  preparing_id_ = static_cast<std::uint32_t>(r.le(4));
  prepared_columns_ = r.le(2);
  const std::uint64_t params = r.le(2);
  if (!r.ok() || prepared_columns_ > limits_.max_columns || params > 65535) return stop(true);
  if (prepared_.size() >= limits_.max_prepared && !prepared_.count(preparing_id_)) {
    ++stats_.limits;
    prepared_.erase(prepared_.begin());
  }
  prepared_[preparing_id_] = Prepared{std::exchange(preparing_, {}), {}};
  reply_ = params > 0 ? Reply::prepare_params : Reply::prepare_columns;
  group_left_ = params > 0 ? params : prepared_columns_;
  if (group_left_ == 0) reply_ = Reply::none;
}

void MysqlAnalyzer::start_rows(ContentSink& sink) {
  ++stats_.result_sets;
  table_.begin(context_[1], sink);
  for (const Column& c : columns_) table_.cell(c.name);
  table_.end_row(sink);
  reply_ = Reply::rows;
}

// A row; one cut by max_message_bytes keeps the cells it has whole.
void MysqlAnalyzer::row(WireReader& r, bool cut, ContentSink& sink) {
  const bool whole = binary_ ? binary_row(r) : text_row(r);
  if (!whole && !cut) {
    table_.end(sink);
    return stop(true);
  }
  table_.end_row(sink);
  ++rows_;
  ++stats_.rows;
}

bool MysqlAnalyzer::text_row(WireReader& r) {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (r.peek() == 0xFB) {
      r.skip(1);
      table_.null_cell();
      continue;
    }
    const std::string_view value = mysql_lenenc_string(r);
    if (!r.ok()) return false;
    table_.cell(value);
  }
  return r.at_end();
}

bool MysqlAnalyzer::binary_row(WireReader& r) {
  if (r.le(1) != 0) return false;
  const ByteSpan nulls = r.bytes((columns_.size() + 9) / 8);
  for (std::size_t i = 0; i < columns_.size() && r.ok(); ++i) {
    if (nulls[(i + 2) / 8] & (1u << ((i + 2) % 8))) {
      table_.null_cell();
      continue;
    }
    const std::string value = mysql_binary_value(r, columns_[i].type, columns_[i].flags & kUnsigned);
    if (r.ok()) table_.cell(value);
  }
  return r.ok() && r.at_end();
}

// The end of a result set: an EOF packet, or the OK packet that replaces it
// (CLIENT_DEPRECATE_EOF), or an ERR; more may follow (a procedure's results).
void MysqlAnalyzer::end_result(WireReader& r, ContentSink& sink) {
  table_.end(sink);
  const bool error = r.le(1) == 0xFF;
  if (!error && (caps_ & kDeprecateEof)) {
    mysql_lenenc(r);  // affected rows
    mysql_lenenc(r);  // last insert id
  } else if (!error) {
    r.skip(2);  // warnings
  }
  const std::uint64_t status = error ? 0 : r.le(2);
  reply_ = r.ok() && (status & kMoreResults) ? Reply::first : Reply::none;
}

void MysqlAnalyzer::describe(int dir, ConnectionFacts& facts) const {
  facts.db_user = user_;
  facts.db_name = database_;
  if (dir == 1) facts.rows = rows_;
}

std::size_t MysqlAnalyzer::memory_bytes() const {
  std::size_t bytes = sizeof(*this) + framers_[0].memory_bytes() + framers_[1].memory_bytes() +
                      columns_.capacity() * sizeof(Column) + table_.memory_bytes();
  for (const auto& [id, p] : prepared_) bytes += sizeof(p) + p.sql.capacity() + p.columns.size() * sizeof(Column);
  return bytes;
}

}  // namespace dlp
