#include "app/db/tds_analyzer.hpp"

#include "app/app_config.hpp"
#include "common/printable.hpp"

namespace dlp {

namespace {

// Packet types (MS-TDS 2.2.3.1.1) and tokens (2.2.7).
enum : std::uint8_t { kSqlBatch = 0x01, kRpc = 0x03, kTabular = 0x04, kLogin7 = 0x10, kPrelogin = 0x12 };
enum : std::uint8_t {
  kReturnStatus = 0x79,
  kColMetadata = 0x81,
  kTabName = 0xA4,
  kColInfo = 0xA5,
  kOrder = 0xA9,
  kError = 0xAA,
  kInfo = 0xAB,
  kReturnValue = 0xAC,
  kLoginAck = 0xAD,
  kFeatureExtAck = 0xAE,
  kRow = 0xD1,
  kNbcRow = 0xD2,
  kEnvChange = 0xE3,
  kSessionState = 0xE4,
  kSspi = 0xED,
  kFedAuthInfo = 0xEE,
  kDone = 0xFD,
  kDoneProc = 0xFE,
  kDoneInProc = 0xFF,
};
constexpr std::uint8_t kEncryptionOption = 0x01, kLastOption = 0xFF;
constexpr std::uint32_t kTds72 = 0x72090002;

// A B_VARCHAR or US_VARCHAR: a length in characters, then UTF-16LE.
std::string utf16_string(WireReader& r, std::size_t length_bytes) {
  return utf16le_to_utf8(r.bytes(r.le(length_bytes) * 2));
}

// ALL_HEADERS (TDS 7.2 on) before a batch's text or an RPC: its total length counts itself.
void skip_all_headers(WireReader& r, std::size_t size) {
  if (size < 4) return;
  WireReader peek = r;
  const std::uint64_t total = peek.le(4);
  if (total >= 4 && total <= size && (total == 4 || peek.le(4) <= total - 4)) r.skip(total);
}

// The RPC a procedure id names (2.2.6.6).
const char* procedure(std::uint64_t id) {
  switch (id) {
    case 10: return "sp_executesql";
    case 11: return "sp_prepare";
    case 12: return "sp_execute";
    case 13: return "sp_prepexec";
    default: return "sp_cursor";
  }
}

}  // namespace

TdsAnalyzer::TdsAnalyzer(const DbLimits& limits, DbStats& stats) : limits_(limits), stats_(stats) {}

std::unique_ptr<Analyzer> TdsAnalyzer::create(const AnalyzerEnv& env) {
  return std::make_unique<TdsAnalyzer>(env.config.db, env.stats.tds);
}

bool TdsAnalyzer::logs_in(std::string_view head) {
  if (head.size() < 13) return false;
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(head[i]); };
  const std::uint32_t length = byte(2) << 8 | byte(3);
  if ((byte(1) & ~0x1Fu) != 0 || length < 13) return false;
  if (byte(0) == kPrelogin) return byte(8) == 0x00 && (byte(9) << 8 | byte(10)) >= 6;  // VERSION first
  // LOGIN7: its own length, then a TDS version 7.x.
  return byte(0) == kLogin7 && head.size() >= 16 && (byte(15) & 0xF0) == 0x70;
}

void TdsAnalyzer::deliver(int dir, ByteSpan data, ContentSink& sink) {
  if (stopped_) {
    if (dir == 1) table_.end(sink);
    return;
  }
  const bool sane = framers_[dir].feed(data, [&](std::uint8_t type, std::uint8_t status, ByteSpan payload) {
    if (stopped_) return;
    if (dir == 0)
      on_client(type, status, payload);
    else
      on_server(type, status, payload, sink);
  });
  if (!sane) stop(true);
}

void TdsAnalyzer::undelivered(int dir, ContentSink& sink) {
  end_of_stream(dir, sink);
  stop(true);
}

void TdsAnalyzer::end_of_stream(int dir, ContentSink& sink) {
  if (dir == 1) table_.end(sink);
}

void TdsAnalyzer::stop(bool desynchronised) {
  if (stopped_) return;
  if (desynchronised && claimed_) ++stats_.desynchronised;
  stopped_ = true;
  std::vector<std::uint8_t>().swap(held_);  // nothing more is read
  std::vector<std::uint8_t>().swap(request_);
}

// A message may span packets: it is held (to max_message_bytes) until the last.
void TdsAnalyzer::on_client(std::uint8_t type, std::uint8_t status, ByteSpan payload) {
  const std::size_t room = limits_.max_message_bytes - std::min(limits_.max_message_bytes, request_.size());
  if (payload.size() > room) ++stats_.limits;
  request_.insert(request_.end(), payload.begin(),
                  payload.begin() + static_cast<std::ptrdiff_t>(std::min(room, payload.size())));
  if (!(status & TdsFramer::kEndOfMessage)) return;
  ++stats_.messages;
  WireReader r{ByteSpan(request_)};
  client_message(type, r);
  request_.clear();
}

void TdsAnalyzer::client_message(std::uint8_t type, WireReader& r) {
  switch (type) {
    case kPrelogin:
      if (!claimed_) prelogin(r, false);  // later ones carry a TLS handshake
      return;
    case kLogin7: return login(r);
    case kSqlBatch:
      claimed_ = true;
      skip_all_headers(r, r.left());
      query_ = utf16le_to_utf8(r.rest());
      return;
    case kRpc: claimed_ = true; return rpc(r);
    default: return;  // attention, transaction manager, bulk load
  }
}

// PRELOGIN options: a token, an offset and a length each, up to 0xFF. Both
// sides' ENCRYPTION decide (2.2.6.5): off and off is TLS around the login
// only; either not supported is none; anything else is TLS around everything.
void TdsAnalyzer::prelogin(WireReader& r, bool from_server) {
  const ByteSpan payload = r.rest();
  WireReader options(payload);
  auto encryption = Encryption::not_supported;
  for (std::uint64_t token = options.le(1); options.ok() && token != kLastOption; token = options.le(1)) {
    const std::uint64_t offset = options.be(2), length = options.be(2);
    if (token == kEncryptionOption && length >= 1 && offset < payload.size())
      encryption = static_cast<Encryption>(payload[offset] & 0x03);
  }
  if (!options.ok()) return stop(true);
  if (!from_server) {
    claimed_ = true;
    ++stats_.connections;
    client_encryption_ = encryption;
    prelogin_answer_pending_ = true;
    return;
  }
  prelogin_answer_pending_ = false;
  if (client_encryption_ == Encryption::not_supported || encryption == Encryption::not_supported) return;
  ++stats_.encrypted;
  if (client_encryption_ == Encryption::off && encryption == Encryption::off)
    framers_[0].skip_tls_records(true);  // the LOGIN7 goes in TLS records, then TDS in clear
  else
    stop(false);
}

// LOGIN7 (2.2.6.4): a fixed part, then offsets and lengths (in characters)
// of UTF-16 strings in the message. The password is never read.
void TdsAnalyzer::login(WireReader& r) {
  const ByteSpan message = r.rest();
  WireReader fixed(message);
  fixed.skip(4);
  tds_version_ = static_cast<std::uint32_t>(fixed.le(4));
  const auto text = [&](std::size_t at) {
    WireReader field(message);
    field.skip(at);
    const std::uint64_t offset = field.le(2), chars = field.le(2);
    WireReader value(message);
    value.skip(offset);
    const ByteSpan bytes = value.bytes(chars * 2);
    return printable_utf8(utf16le_to_utf8(bytes));
  };
  user_ = text(40);
  application_ = text(48);
  database_ = text(68);
  claimed_ = true;
  if (!fixed.ok()) stop(true);
}

// An RPC: the procedure, by name or id, and its parameters; the statement
// is the first text parameter that is not a parameter list (sp_executesql's
// first, sp_prepexec's third).
void TdsAnalyzer::rpc(WireReader& r) {
  skip_all_headers(r, r.left());
  const std::uint64_t name_length = r.le(2);
  const std::string name = name_length == 0xFFFF ? procedure(r.le(2)) : utf16le_to_utf8(r.bytes(name_length * 2));
  r.skip(2);  // option flags
  query_ = "EXEC " + printable_utf8(name);
  std::string value;
  for (int i = 0; i < 4 && r.ok() && !r.at_end(); ++i) {
    r.skip(r.le(1) * 2);  // the parameter's name
    r.skip(1);            // status flags
    TdsType type;
    if (!read_tds_type(r, type)) break;
    const bool null = !read_tds_value(r, type, value);
    if (!r.ok()) break;
    if (!null && type.unicode && !value.empty() && value[0] != '@') {
      query_ = value;
      return;
    }
  }
}

void TdsAnalyzer::on_server(std::uint8_t type, std::uint8_t status, ByteSpan payload, ContentSink& sink) {
  if (type == kPrelogin) return;  // a TLS handshake
  if (type != kTabular) return stop(true);
  if (prelogin_answer_pending_) {
    WireReader r(payload);
    return prelogin(r, true);
  }
  if (held_.size() + payload.size() > limits_.max_message_bytes) {  // one token larger than that: its row is lost
    ++stats_.limits;
    return stop(false);
  }
  held_.insert(held_.end(), payload.begin(), payload.end());
  const bool ended = status & TdsFramer::kEndOfMessage;
  if (ended) ++stats_.messages;
  if (!tokens(ended, sink)) stop(true);
}

bool TdsAnalyzer::tokens(bool message_ended, ContentSink& sink) {
  std::size_t consumed = 0;
  while (consumed < held_.size()) {
    WireReader r(ByteSpan(held_).subspan(consumed));
    bool unknown = false;
    const bool whole = token(r, sink, unknown);
    if (stopped_) return true;  // a limit: what was held is gone
    if (!whole) {
      if (unknown) return false;
      break;  // not whole yet
    }
    consumed = held_.size() - r.left();
  }
  held_.erase(held_.begin(), held_.begin() + static_cast<std::ptrdiff_t>(consumed));
  return !(message_ended && !held_.empty());
}

bool TdsAnalyzer::token(WireReader& r, ContentSink& sink, bool& unknown) {
  const std::uint64_t id = r.le(1);
  switch (id) {
    case kColMetadata: return column_metadata(r, sink);
    case kRow: return row(r, false, sink);
    case kNbcRow: return row(r, true, sink);
    case kDone:
    case kDoneProc:
    case kDoneInProc:
      r.skip(2 + 2 + (tds_version_ >= kTds72 ? 8 : 4));  // status, command, row count
      if (r.ok()) table_.end(sink);
      return r.ok();
    case kEnvChange: {
      const ByteSpan change = r.bytes(r.le(2));
      WireReader e(change);
      if (e.le(1) == 1) database_ = printable_utf8(utf16_string(e, 1));  // a new database
      return r.ok();
    }
    case kReturnStatus: r.skip(4); return r.ok();
    case kReturnValue: {
      r.skip(2);                                         // ordinal
      r.skip(r.le(1) * 2);                               // name
      r.skip(1 + (tds_version_ >= kTds72 ? 4 : 2) + 2);  // status, user type, flags
      TdsType type;
      std::string value;
      if (!read_tds_type(r, type)) return !(unknown = r.ok());
      read_tds_value(r, type, value);
      return r.ok();
    }
    case kFeatureExtAck:
      for (std::uint64_t feature = r.le(1); r.ok() && feature != 0xFF; feature = r.le(1)) r.skip(r.le(4));
      return r.ok();
    case kSessionState:
    case kFedAuthInfo: r.skip(r.le(4)); return r.ok();
    case kTabName:
    case kColInfo:
    case kOrder:
    case kError:
    case kInfo:
    case kLoginAck:
    case kSspi: r.skip(r.le(2)); return r.ok();
    default: unknown = r.ok(); return false;
  }
}

// COLMETADATA (2.2.7.4): the columns of the rows that follow, a header line
// of their names; 0xFFFF columns: the previous ones again.
bool TdsAnalyzer::column_metadata(WireReader& r, ContentSink& sink) {
  const std::uint64_t count = r.le(2);
  std::vector<Column> columns;
  if (count == 0xFFFF) columns = columns_;
  if (count != 0xFFFF && count > limits_.max_columns) {
    ++stats_.limits;
    stop(false);
    return false;
  }
  for (std::uint64_t i = 0; i < count && count != 0xFFFF && r.ok(); ++i) {
    Column c;
    r.skip((tds_version_ >= kTds72 ? 4 : 2) + 2);  // user type, flags
    if (!read_tds_type(r, c.type)) {
      if (!r.ok()) return false;  // not whole yet
      ++stats_.limits;            // a type this reader cannot lay out
      stop(false);
      return false;
    }
    if (c.type.textptr)
      for (std::uint64_t parts = r.le(1); r.ok() && parts > 0; --parts) r.skip(r.le(2) * 2);  // the table's name
    c.name = printable_utf8(utf16_string(r, 1));
    columns.push_back(std::move(c));
  }
  if (!r.ok()) return false;
  columns_ = std::move(columns);
  ContentContext context;
  context.db_query = quoted_statement(query_, limits_);
  table_.begin(context, sink);
  for (const Column& c : columns_) table_.cell(c.name);
  table_.end_row(sink);
  ++stats_.result_sets;
  return true;
}

// ROW, or NBCROW with a bitmap of its NULL columns first (2.2.7.17, 2.2.7.19).
// The values are read whole before any is passed on: a row may not be all there yet.
bool TdsAnalyzer::row(WireReader& r, bool null_bitmap, ContentSink& sink) {
  const ByteSpan nulls = null_bitmap ? r.bytes((columns_.size() + 7) / 8) : ByteSpan{};
  row_text_.clear();
  cell_ends_.clear();
  for (std::size_t i = 0; i < columns_.size() && r.ok(); ++i) {
    bool null = null_bitmap && (nulls[i / 8] >> (i % 8) & 1);
    if (!null) null = !read_tds_value(r, columns_[i].type, value_);
    if (!null) row_text_ += value_;
    cell_ends_.push_back(null ? kNullCell : row_text_.size());
  }
  if (!r.ok()) return false;
  if (!table_.open()) return true;  // rows of a result set whose metadata was not read
  std::size_t start = 0;
  for (const std::size_t end : cell_ends_) {
    if (end == kNullCell) {
      table_.null_cell();
      continue;
    }
    table_.cell(std::string_view(row_text_).substr(start, end - start));
    start = end;
  }
  table_.end_row(sink);
  ++rows_;
  ++stats_.rows;
  return true;
}

void TdsAnalyzer::describe(int dir, ConnectionFacts& facts) const {
  facts.db_user = user_;
  facts.db_name = database_;
  if (dir == 1) facts.rows = rows_;
}

std::size_t TdsAnalyzer::memory_bytes() const {
  std::size_t bytes = sizeof(*this) + framers_[0].memory_bytes() + framers_[1].memory_bytes() + request_.capacity() +
                      held_.capacity() + query_.capacity() + table_.memory_bytes();
  for (const Column& c : columns_) bytes += sizeof(c) + c.name.capacity();
  bytes += row_text_.capacity() + value_.capacity() + cell_ends_.capacity() * sizeof(std::size_t);
  return bytes;
}

}  // namespace dlp
