#include "app/db/pgsql_analyzer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cctype>

#include "app/app_config.hpp"
#include "common/printable.hpp"
#include "common/wire_reader.hpp"

namespace dlp {

namespace {

// Request codes of the startup phase (the protocol documentation's "Message Formats").
constexpr std::uint32_t kProtocol3 = 196608, kSslRequest = 80877103, kGssEncRequest = 80877104,
                        kCancelRequest = 80877102;
constexpr std::size_t kMaxStartup = 10000;
constexpr std::size_t kMaxPending = 256;

std::uint32_t be32(std::string_view s, std::size_t at) {
  return std::uint32_t{static_cast<std::uint8_t>(s[at])} << 24 | static_cast<std::uint8_t>(s[at + 1]) << 16 |
         static_cast<std::uint8_t>(s[at + 2]) << 8 | static_cast<std::uint8_t>(s[at + 3]);
}

// A value of a binary-format column as text: the integer types, and the
// rest as sent (text types are their UTF-8 bytes in either format).
std::string binary_value(ByteSpan value, std::uint32_t type) {
  WireReader r(value);
  switch (type) {
    case 21: return fmt::format("{}", static_cast<std::int16_t>(r.be(2)));   // int2
    case 23: return fmt::format("{}", static_cast<std::int32_t>(r.be(4)));   // int4
    case 20: return fmt::format("{}", static_cast<std::int64_t>(r.be(8)));   // int8
    case 26: return fmt::format("{}", static_cast<std::uint32_t>(r.be(4)));  // oid
    case 701: return fmt::format("{}", std::bit_cast<double>(r.be(8)));      // float8
    default: return std::string(as_chars(value));
  }
}

// The column list of `COPY table (a, b) TO STDOUT`, as a header line.
std::string copy_header(std::string_view sql) {
  const auto open = sql.find('('), close = sql.find(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return {};
  const std::string_view before = sql.substr(0, open);
  if (before.size() < 5 || !std::equal(before.begin(), before.begin() + 4, "COPY",
                                       [](char a, char b) { return std::toupper(static_cast<unsigned char>(a)) == b; }))
    return {};
  std::string header;
  for (char c : sql.substr(open + 1, close - open - 1)) {
    if (c == ',') header += '\t';
    if (c != ',' && c != ' ' && c != '"') header += c;
  }
  return header + '\n';
}

}  // namespace

PgsqlAnalyzer::PgsqlAnalyzer(const DbLimits& limits, DbStats& stats)
    : limits_(limits),
      stats_(stats), framers_{PgsqlFramer(limits.max_message_bytes), PgsqlFramer(limits.max_message_bytes)} {}

std::unique_ptr<Analyzer> PgsqlAnalyzer::create(const AnalyzerEnv& env) {
  return std::make_unique<PgsqlAnalyzer>(env.config.db, env.stats.pgsql);
}

bool PgsqlAnalyzer::starts_up(std::string_view head) {
  if (head.size() >= 8) {
    const std::uint32_t length = be32(head, 0), code = be32(head, 4);
    if (length == 8 && (code == kSslRequest || code == kGssEncRequest)) return true;
    if (code == kProtocol3 && length > 8 && length <= kMaxStartup) return true;
  }
  // A simple query in one segment: 'Q', its length, its text and a NUL.
  return head.size() >= 7 && head[0] == 'Q' && be32(head, 1) + 1 == head.size() && head.back() == '\0' &&
         std::isalpha(static_cast<unsigned char>(head[5])) != 0;
}

void PgsqlAnalyzer::deliver(int dir, ByteSpan data, ContentSink& sink) {
  if (stopped_) {
    if (dir == 1) table_.end(sink);
    return;
  }
  if (dir == 0 && first_bytes_) {
    first_bytes_ = false;
    framers_[0].expect_untyped(data.size() < 4 || data[0] == 0);  // a startup length is under 2^24
  }
  const bool sane = framers_[dir].feed(data, [&](int type, ByteSpan body, std::uint64_t length) {
    if (stopped_) return;
    ++stats_.messages;
    if (length > body.size()) ++stats_.limits;
    if (dir == 0)
      on_client(type, body, sink);
    else
      on_server(type, body, length, sink);
  });
  if (!sane) stop(true);
}

void PgsqlAnalyzer::undelivered(int dir, ContentSink& sink) {
  end_of_stream(dir, sink);
  stop(true);
}

void PgsqlAnalyzer::end_of_stream(int dir, ContentSink& sink) {
  if (dir == 0 && uploading_) sink.end();
  if (dir == 0) uploading_ = false;
  if (dir == 1) table_.end(sink);
}

void PgsqlAnalyzer::stop(bool desynchronised) {
  if (stopped_) return;
  if (desynchronised && claimed_) ++stats_.desynchronised;
  stopped_ = true;
}

void PgsqlAnalyzer::on_client(int type, ByteSpan body, ContentSink& sink) {
  WireReader r(body);
  switch (type) {
    case PgsqlFramer::kUntyped: return startup(r);
    case 'Q': claimed_ = true; return expect(std::string(r.nul_terminated()), true);
    case 'd': return copy_data(0, body, sink);
    case 'c':
    case 'f':
      if (uploading_) sink.end();
      uploading_ = false;
      copy_ = Copy::none;
      return;
    default: return extended(type, r);
  }
}

// The startup message, or a request that comes before it.
void PgsqlAnalyzer::startup(WireReader& r) {
  const std::uint32_t code = static_cast<std::uint32_t>(r.be(4));
  if (code == kSslRequest || code == kGssEncRequest) {
    framers_[1].expect_one_byte();
    return;
  }
  if (code != kProtocol3) return stop(code != kCancelRequest);
  claimed_ = true;
  ++stats_.connections;
  framers_[0].expect_untyped(false);
  while (r.left() > 1) {
    const std::string_view key = r.nul_terminated(), value = r.nul_terminated();
    if (key == "user") user_ = printable_utf8(value);
    if (key == "database") database_ = printable_utf8(value);
  }
}

// Parse names a statement's text, Bind a portal's statement, Execute runs a
// portal, Sync ends the batch; the others need nothing here.
void PgsqlAnalyzer::extended(int type, WireReader& r) {
  if (type == 'P' || type == 'B') {
    const std::string name(r.nul_terminated());
    const std::string_view text = r.nul_terminated();
    auto& names = type == 'P' ? statements_ : portals_;
    if (names.size() >= limits_.max_prepared && !names.count(name)) {
      ++stats_.limits;
      names.erase(names.begin());
    }
    const auto statement = statements_.find(std::string(text));
    names[name] = type == 'P' ? std::string(text) : statement == statements_.end() ? "" : statement->second;
    return;
  }
  if (type == 'E') {
    const auto portal = portals_.find(std::string(r.nul_terminated()));
    return expect(portal == portals_.end() ? "" : portal->second, false);
  }
  if (type == 'S') expect("", true);
}

void PgsqlAnalyzer::expect(std::string sql, bool until_ready) {
  if (pending_.size() >= kMaxPending) {
    ++stats_.limits;
    pending_.pop_front();
  }
  pending_.push_back({std::move(sql), until_ready});
}

const std::string& PgsqlAnalyzer::current_sql() const {
  static const std::string kNone;
  return pending_.empty() ? kNone : pending_.front().sql;
}

void PgsqlAnalyzer::on_server(int type, ByteSpan body, std::uint64_t length, ContentSink& sink) {
  WireReader r(body);
  switch (type) {
    case PgsqlFramer::kOneByte:
      if (body[0] == 'N') return;  // refused: the client goes on in clear
      ++stats_.encrypted;
      return stop(false);
    case 'T': return row_description(r, sink);
    case 'D': return data_row(r, length > body.size(), sink);
    case 'H': return copy_out(sink);
    case 'G': copy_ = Copy::in; return;
    case 'd': return copy_data(1, body, sink);
    case 'c':
      table_.end(sink);
      copy_ = Copy::none;
      return;
    case 'C':
    case 'E':
    case 'Z':
    case 'I': return answered(type, sink);
    case 'W': return stop(false);  // CopyBoth: streaming replication
    case 'R':
    case 'S':
    case 'K':
    case 'N':
    case 'A':
    case 'V':
    case '1':
    case '2':
    case '3':
    case 'n':
    case 't':
    case 's': return;
    default: return stop(true);
  }
}

// The columns of the rows that follow: a header line of their names.
void PgsqlAnalyzer::row_description(WireReader& r, ContentSink& sink) {
  const std::uint64_t count = r.be(2);
  columns_.clear();
  reading_rows_ = false;
  if (count > limits_.max_columns) {
    ++stats_.limits;
    return;
  }
  ContentContext context;
  context.db_query = quoted_statement(current_sql(), limits_);
  table_.begin(context, sink);
  for (std::uint64_t i = 0; i < count && r.ok(); ++i) {
    table_.cell(r.nul_terminated());
    r.skip(4 + 2);  // table and column number
    const auto type = static_cast<std::uint32_t>(r.be(4));
    r.skip(2 + 4);  // size and modifier
    columns_.push_back({type, r.be(2) == 1});
  }
  if (!r.ok()) return stop(true);
  table_.end_row(sink);
  ++stats_.result_sets;
  reading_rows_ = true;
}

// A row: each value's length (-1 for NULL), then its bytes. One cut by
// max_message_bytes keeps the values it has whole.
void PgsqlAnalyzer::data_row(WireReader& r, bool cut, ContentSink& sink) {
  if (!reading_rows_) return;
  const std::uint64_t count = r.be(2);
  if (count != columns_.size()) return stop(true);
  for (const Column& c : columns_) {
    const auto length = static_cast<std::int32_t>(r.be(4));
    if (length < 0) {
      table_.null_cell();
      continue;
    }
    const ByteSpan value = r.bytes(static_cast<std::uint32_t>(length));
    if (!r.ok()) break;
    table_.cell(c.binary ? binary_value(value, c.type) : std::string(as_chars(value)));
  }
  if (!r.ok() && !cut) return stop(true);
  table_.end_row(sink);
  ++rows_;
  ++stats_.rows;
}

// COPY ... TO STDOUT: the rows come as CopyData, already lines.
void PgsqlAnalyzer::copy_out(ContentSink& sink) {
  ContentContext context;
  context.db_query = quoted_statement(current_sql(), limits_);
  table_.begin(context, sink);
  const std::string header = copy_header(current_sql());
  if (!header.empty()) sink.data(as_bytes(header));
  ++stats_.result_sets;
  copy_ = Copy::out;
}

void PgsqlAnalyzer::copy_data(int dir, ByteSpan body, ContentSink& sink) {
  if (dir == 1 && copy_ == Copy::out) {
    rows_ += static_cast<std::uint64_t>(std::count(body.begin(), body.end(), '\n'));
    stats_.rows += static_cast<std::uint64_t>(std::count(body.begin(), body.end(), '\n'));
    return sink.data(body);
  }
  if (dir != 0 || copy_ != Copy::in) return;
  if (!uploading_) {
    ContentContext context;
    context.db_query = quoted_statement(current_sql(), limits_);
    sink.begin(context);
    ++stats_.uploads;
    uploading_ = true;
  }
  sink.data(body);
}

void PgsqlAnalyzer::answered(int type, ContentSink& sink) {
  table_.end(sink);
  reading_rows_ = false;
  copy_ = Copy::none;
  if (type == 'C' || type == 'I') {
    if (!pending_.empty() && !pending_.front().until_ready) pending_.pop_front();
    return;
  }
  // An error skips the batch's other Executes; ReadyForQuery ends the query or batch.
  while (!pending_.empty() && !pending_.front().until_ready) pending_.pop_front();
  if (type == 'Z' && !pending_.empty()) pending_.pop_front();
}

void PgsqlAnalyzer::describe(int dir, ConnectionFacts& facts) const {
  facts.db_user = user_;
  facts.db_name = database_;
  if (dir == 1) facts.rows = rows_;
}

std::size_t PgsqlAnalyzer::memory_bytes() const {
  std::size_t bytes = sizeof(*this) + framers_[0].memory_bytes() + framers_[1].memory_bytes() +
                      columns_.capacity() * sizeof(Column) + table_.memory_bytes();
  for (const auto* names : {&statements_, &portals_})
    for (const auto& [name, sql] : *names) bytes += 64 + name.capacity() + sql.capacity();
  for (const Pending& p : pending_) bytes += sizeof(p) + p.sql.capacity();
  return bytes;
}

}  // namespace dlp
