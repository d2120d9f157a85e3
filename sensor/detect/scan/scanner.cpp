#include "detect/scan/scanner.hpp"

#include <hs/hs.h>
#include <algorithm>
#include <iterator>
#include <stdexcept>

#include "common/byte_ring.hpp"
#include "common/json_writer.hpp"

namespace dlp {

ContentStream::~ContentStream() {
  if (hs_) hs_close_stream(hs_, nullptr, nullptr, nullptr);
  for (auto& t : tokens_)
    if (t.hs) hs_close_stream(t.hs, nullptr, nullptr, nullptr);
}

Scanner::Scanner(const PatternDatabase& db, const SignatureSet& signatures, const ScanConfig& config)
    : db_(db), signatures_(signatures), kernels_(best_byte_kernels()), keyword_reach_(config.keyword_proximity * 3) {
  bool allocated = hs_alloc_scratch(db_.get(), &scratch_) == HS_SUCCESS;
  for (const auto& tier : db_.token_tiers()) {
    if (!tier.db) continue;
    token_run_min_ = std::min(token_run_min_, tier.min_length);
    allocated = allocated && hs_alloc_scratch(tier.db, &scratch_) == HS_SUCCESS;
  }
  if (!allocated) throw std::runtime_error("cannot allocate Hyperscan scratch space");
}

Scanner::~Scanner() { hs_free_scratch(scratch_); }

int Scanner::on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned, void* ctx) {
  auto* self = static_cast<Scanner*>(ctx);
  ContentStream& s = *self->current_;
  s.pending_.push_back({id, s.hs_base_ + from, s.hs_base_ + to});
  ++self->stats_.matches;
  return 0;
}

int Scanner::on_token_match(unsigned id, unsigned long long, unsigned long long to, unsigned, void* ctx) {
  auto* self = static_cast<Scanner*>(ctx);
  // The piece holding the match's last byte maps it back.
  const auto& pieces = self->token_pieces_;
  auto piece = std::upper_bound(pieces.begin(), pieces.end(), to - 1,
                                [](std::uint64_t off, const TokenPiece& p) { return off < p.fed_at; });
  --piece;
  const std::uint64_t end = piece->stream_at + (to - piece->fed_at);
  self->current_->pending_.push_back({id, end, end});
  ++self->stats_.matches;
  return 0;
}

void Scanner::write(ContentStream& s, ByteSpan data, FindingSink& sink) {
  if (!data.empty()) scan(s, s.normaliser_.write(data, normalised_), sink);
}

bool Scanner::open(ContentStream& s) {
  if (hs_open_stream(db_.get(), 0, &s.hs_) != HS_SUCCESS) {
    ++stats_.scan_errors;
    return false;
  }
  if (!s.history_) s.history_ = std::make_unique<std::array<std::uint8_t, ContentStream::kHistory>>();
  s.hs_base_ = s.offset_;
  ++stats_.streams;
  return true;
}

// The chunk's token runs are found once for the token databases of every tier.
void Scanner::scan_tokens(ContentStream& s, ByteSpan data, std::size_t first_new) {
  if (token_run_min_ == kNoTokenTier) return;
  find_token_runs(data, token_masks_.data(), token_run_min_, token_runs_);
  for (std::size_t t = 0; t < PatternDatabase::kTokenTiers; ++t)
    if (db_.token_tiers()[t].db) scan_token_tier(s, t, data, first_new);
}

// A tier's stream is opened when it is first fed: most content streams
// (headers, short messages) hold no run long enough for a long token.
bool Scanner::open_token_stream(ContentStream::TokenStream& t, std::size_t tier) {
  if (t.hs) return true;
  if (hs_open_stream(db_.token_tiers()[tier].db, 0, &t.hs) != HS_SUCCESS) {
    ++stats_.scan_errors;
    return false;
  }
  return true;
}

// A token database sees the runs of token bytes long enough for a match of
// its tier, gathered into one call per chunk; its matches, mapped back to
// stream offsets, join the others in order.
void Scanner::scan_token_tier(ContentStream& s, std::size_t tier, ByteSpan data, std::size_t first_new) {
  ContentStream::TokenStream& t = s.tokens_[tier];
  token_batch_.clear();
  token_pieces_.clear();
  t.runs.write(data, token_runs_, s.offset_, db_.token_tiers()[tier].min_length, [&](ByteSpan piece, std::uint64_t at) {
    token_pieces_.push_back({t.fed + token_batch_.size(), at});
    token_batch_.append(reinterpret_cast<const char*>(piece.data()), piece.size());
  });
  if (token_batch_.empty() || !open_token_stream(t, tier)) return;
  const std::size_t first_token = s.pending_.size();
  if (hs_scan_stream(t.hs, token_batch_.data(), static_cast<unsigned>(token_batch_.size()), 0, scratch_, on_token_match,
                     this) != HS_SUCCESS)
    ++stats_.scan_errors;
  t.fed += token_batch_.size();
  merge_new_matches(s, first_new, first_token);
}

// The chunk's matches from `first_new` on are two runs in order, split at
// `middle`: merged (the first run's first where ends are equal) through a
// buffer kept for reuse, since inplace_merge would allocate one each call.
void Scanner::merge_new_matches(ContentStream& s, std::size_t first_new, std::size_t middle) {
  if (middle == first_new || middle == s.pending_.size()) return;
  auto by_end = [](const ContentStream::Pending& a, const ContentStream::Pending& b) { return a.end < b.end; };
  const auto begin = s.pending_.begin() + static_cast<std::ptrdiff_t>(first_new);
  const auto split = s.pending_.begin() + static_cast<std::ptrdiff_t>(middle);
  merged_.clear();
  std::merge(begin, split, split, s.pending_.end(), std::back_inserter(merged_), by_end);
  std::copy(merged_.begin(), merged_.end(), begin);
}

// Calls visit(offset in the chunk) for each record delimiter ('\n', '{'
// and '}') of the chunk, in order. They are too frequent to be Hyperscan
// matches (a callback each, and a literal set run over every byte): they
// come from the chunk's masks.
template <typename Visit>
void Scanner::each_delimiter(Visit&& visit) {
  for (std::size_t block = 0; block < delimiter_masks_.size(); ++block)
    for (std::uint64_t hits = delimiter_masks_[block]; hits; hits &= hits - 1) {
      ++stats_.matches;
      visit(block * 64 + static_cast<std::size_t>(__builtin_ctzll(hits)));
    }
}

// The delimiters join the chunk's matches in order; with none waiting (most
// chunks) they are resolved at once instead.
void Scanner::find_delimiters(ContentStream& s, ByteSpan data, std::size_t first_new, FindingSink& sink) {
  if (s.pending_.empty()) {
    const TextWindow window = window_of(s, data);
    each_delimiter([&](std::size_t at) {
      on_delimiter(s, window, db_.pattern(db_.delimiter_id(data[at])).kind, s.offset_ + at, sink);
    });
    return;
  }
  const std::size_t first_delimiter = s.pending_.size();
  each_delimiter([&](std::size_t at) {
    const std::uint64_t end = s.offset_ + at + 1;
    s.pending_.push_back({db_.delimiter_id(data[at]), end, end});
  });
  merge_new_matches(s, first_new, first_delimiter);
}

// The delimiter of `kind` at stream offset `at`.
void Scanner::on_delimiter(ContentStream& s, const TextWindow& window, PatternKind kind, std::uint64_t at,
                           FindingSink& sink) {
  if (kind == PatternKind::line_end)
    on_line_end(s, window, at, sink);
  else
    sink.on_delimiter(kind == PatternKind::object_start ? RecordDelimiter::object_start : RecordDelimiter::object_end);
}

TextWindow Scanner::window_of(const ContentStream& s, ByteSpan chunk) {
  ByteSpan ring = s.history_ ? ByteSpan(*s.history_) : ByteSpan();
  return TextWindow(ring, s.floor_, s.offset_, chunk);
}

void Scanner::scan(ContentStream& s, ByteSpan data, FindingSink& sink) {
  if (data.empty()) return;
  if (!s.hs_ && !open(s)) return;
  current_ = &s;
  const std::size_t first_new = s.pending_.size();
  if (hs_scan_stream(s.hs_, reinterpret_cast<const char*>(data.data()), static_cast<unsigned>(data.size()), 0, scratch_,
                     on_match, this) != HS_SUCCESS)
    ++stats_.scan_errors;
  token_masks_.resize((data.size() + 63) / 64);
  delimiter_masks_.resize(token_masks_.size());
  kernels_.classify(data.data(), data.size(), token_masks_.data(), delimiter_masks_.data());
  scan_tokens(s, data, first_new);
  find_delimiters(s, data, first_new, sink);
  stats_.bytes += data.size();
  resolve(s, data, false, sink);

  write_ring(*s.history_, s.offset_, data);
  s.offset_ += data.size();
}

// Resolves matches in stream order, up to the first one whose bytes are not
// all here yet (the one after a value that decides its right boundary, the
// value after a label), so that context is always seen before what it grades.
void Scanner::resolve(ContentStream& s, ByteSpan chunk, bool at_end, FindingSink& sink) {
  if (s.pending_.empty()) return;
  const TextWindow window = window_of(s, chunk);
  const auto& sigs = signatures_.signatures();
  std::size_t done = 0;
  const Signature* last_signature = nullptr;
  std::uint64_t last_end = 0;
  for (; done < s.pending_.size(); ++done) {
    const auto& m = s.pending_[done];
    const PatternInfo& p = db_.pattern(m.pattern);
    const Signature* sig = p.signature == PatternInfo::kNoSignature ? nullptr : &sigs[p.signature];
    const bool validates = p.kind == PatternKind::value || p.kind == PatternKind::label;
    const Validator* validator = validates ? &sig->validator_for(p.kind == PatternKind::label) : nullptr;
    if (!at_end && validator && m.end + validator->lookahead() > window.end()) break;
    switch (p.kind) {
      case PatternKind::line_end:
      case PatternKind::object_start:
      case PatternKind::object_end: on_delimiter(s, window, p.kind, m.end - 1, sink); break;
      case PatternKind::keyword:
      case PatternKind::label:
        if (!s.keywords_) s.keywords_ = std::make_unique<KeywordContext>(signatures_.categories().size());
        s.keywords_->seen(sig->category_index, m.end, p.length);
        s.table_.keyword(window, m.end - p.length, m.end, s.lines_, sig->category_index, p.form);
        if (p.kind == PatternKind::keyword) break;
        [[fallthrough]];
      case PatternKind::value: {
        // Two patterns (or forms) of one signature can end on the same token.
        if (sig == last_signature && m.end == last_end) break;
        Candidate c;
        if (!validator->validate(window, m.end, p.form, c)) break;
        if (p.kind == PatternKind::value && in_decimal(window, c.start, m.end)) break;
        last_signature = sig;
        last_end = m.end;
        on_value(s, window, *sig, c, sink);
        break;
      }
      case PatternKind::masked:
        if (sig == last_signature && m.end == last_end) break;
        if (read_masked(window, m.start, m.end, masked_token_)) {
          last_signature = sig;
          last_end = m.end;
          ++stats_.masked;
          sink.on_masked(*sig, masked_token_);
        }
        break;
    }
  }
  s.pending_.erase(s.pending_.begin(), s.pending_.begin() + static_cast<std::ptrdiff_t>(done));
}

// Grades a validated value by its context: a keyword of its category nearby
// or its column's header. A signature that requires a keyword needs the
// nearest one to be of its own category (so an IMEI after 身份证 is not an ID).
void Scanner::on_value(ContentStream& s, const TextWindow& window, const Signature& sig, Candidate& c,
                       FindingSink& sink) {
  const std::size_t category = sig.category_index;
  const TableContext::Column* column = s.table_.column_of(window, c.start, s.lines_);
  const bool headed = column && column->category == category;
  if (column && !headed && claimed_by_column(*column, c)) {
    ++stats_.other_column;
    return;
  }
  const bool near = s.keywords_ && s.keywords_->near(category, c.start, keyword_reach_);
  const bool needs_keyword = sig.require_keyword || c.needs_context;
  if (needs_keyword && !headed && !(s.keywords_ && s.keywords_->nearest_is(category, c.start, keyword_reach_))) {
    ++stats_.no_keyword;
    return;
  }
  // Without a check digit a keyword is what makes it a value at all: medium.
  if (c.confidence == Confidence::medium && (headed || near) && !needs_keyword) c.confidence = Confidence::high;
  ++stats_.validated;
  sink.on_finding(sig, c);
}

// A value under the header of another kind that is also a valid value of
// that kind (a passport number EY2743882 under 护照号码 is a well-formed
// HK identity card too) is that kind's only: the header says what it is.
bool Scanner::claimed_by_column(const TableContext::Column& column, const Candidate& c) const {
  for (const Signature& sig : signatures_.signatures()) {
    Candidate other;
    if (sig.category_index == column.category && sig.validator->validate_cell(c.value, other)) return true;
  }
  return false;
}

// A line ends a record, and in a table it is a row: the cells under a
// header of a label-only signature (姓名, 地址, IMEI) are read as its values.
void Scanner::on_line_end(ContentStream& s, const TextWindow& window, std::uint64_t newline, FindingSink& sink) {
  cells_.clear();
  s.table_.end_line(window, newline, s.lines_, cells_);
  for (const auto& [column, text] : cells_) {
    for (const Signature& sig : signatures_.signatures()) {
      if (sig.category_index != column->category || sig.labels.empty() || !sig.patterns.empty()) continue;
      Candidate c;
      if (!sig.validator_for(true).validate_cell(text, c)) continue;
      c.start = newline;
      ++stats_.validated;
      sink.on_finding(sig, c);
      break;
    }
  }
  ++s.lines_;
  sink.on_delimiter(RecordDelimiter::line_end);
}

// A masked token is what its pattern matched, standing alone: no letter,
// digit or '*' may touch it on either side.
bool Scanner::read_masked(const TextWindow& window, std::uint64_t start, std::uint64_t end, std::string& token) {
  auto joins = [](int c) { return is_alnum(c) || c == '*'; };
  if (end - start > ContentStream::kHistory || joins(window.at(start - 1)) || joins(window.at(end))) return false;
  token.clear();
  for (std::uint64_t off = start; off < end; ++off) {
    int c = window.at(off);
    if (c < 0) return false;
    token.push_back(static_cast<char>(c));
  }
  return true;
}

// The streams are reset, not closed: after a gap they go on with the bytes
// that follow it, and a gap comes with most packets of a compressed or
// chunked body (a stream opened is a heap allocation).
void Scanner::end_hs_stream(ContentStream& s, FindingSink& sink) {
  normalised_.clear();
  s.normaliser_.flush(normalised_);
  scan(s, as_bytes(normalised_), sink);
  current_ = &s;
  reset_hs_streams(s);
  resolve(s, {}, true, sink);
}

// The main stream's last matches (an end anchor) are collected; token
// patterns have none, since every match holds a token byte.
void Scanner::reset_hs_streams(ContentStream& s) {
  if (s.hs_ && hs_reset_stream(s.hs_, 0, scratch_, on_match, this) != HS_SUCCESS) ++stats_.scan_errors;
  for (auto& t : s.tokens_) {
    if (t.hs && hs_reset_stream(t.hs, 0, nullptr, nullptr, nullptr) != HS_SUCCESS) ++stats_.scan_errors;
    t.fed = 0;
    t.runs.reset();
  }
}

// Frees the streams of a content stream that ended (reset: nothing is left to report).
void Scanner::close_hs_streams(ContentStream& s) {
  if (s.hs_ && hs_close_stream(s.hs_, nullptr, nullptr, nullptr) != HS_SUCCESS) ++stats_.scan_errors;
  s.hs_ = nullptr;
  for (auto& t : s.tokens_) {
    if (t.hs && hs_close_stream(t.hs, nullptr, nullptr, nullptr) != HS_SUCCESS) ++stats_.scan_errors;
    t.hs = nullptr;
  }
}

void Scanner::gap(ContentStream& s, std::uint64_t length, FindingSink& sink) {
  end_hs_stream(s, sink);
  s.offset_ += length;
  s.floor_ = s.offset_;
  s.hs_base_ = s.offset_;
}

void Scanner::close(ContentStream& s, FindingSink& sink) {
  end_hs_stream(s, sink);
  close_hs_streams(s);
}

OptionTable<ScanConfig> scan_options() {
  return {option::integer("keyword-proximity", "CHARS", &ScanConfig::keyword_proximity, 1, 10000, 1,
                          "a keyword this close before a value makes it high confidence")};
}

}  // namespace dlp
