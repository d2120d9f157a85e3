#include "detect/scanner.hpp"

#include <hs/hs.h>
#include <stdexcept>

#include "common/json_writer.hpp"

namespace dlp {

void ScanStats::write_json(JsonWriter& w) const {
  w.field("streams", streams).field("bytes", bytes).field("matches", matches);
  w.field("validated", validated).field("masked", masked).field("scan_errors", scan_errors);
}

ContentStream::~ContentStream() {
  if (hs_) hs_close_stream(hs_, nullptr, nullptr, nullptr);
}

Scanner::Scanner(const PatternDatabase& db, const SignatureSet& signatures)
    : db_(db), signatures_(signatures) {
  if (hs_alloc_scratch(db_.get(), &scratch_) != HS_SUCCESS)
    throw std::runtime_error("cannot allocate Hyperscan scratch space");
}

Scanner::~Scanner() { hs_free_scratch(scratch_); }

int Scanner::on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned, void* ctx) {
  auto* self = static_cast<Scanner*>(ctx);
  ContentStream& s = *self->current_;
  s.pending_.push_back({id, s.hs_base_ + from, s.hs_base_ + to});
  ++self->stats_.matches;
  return 0;
}

void Scanner::write(ContentStream& s, ByteSpan data, FindingSink& sink) {
  if (data.empty()) return;
  if (!s.hs_) {
    if (hs_open_stream(db_.get(), 0, &s.hs_) != HS_SUCCESS) {
      ++stats_.scan_errors;
      return;
    }
    if (!s.history_) s.history_ = std::make_unique<std::array<std::uint8_t, ContentStream::kHistory>>();
    s.hs_base_ = s.offset_;
    ++stats_.streams;
  }
  current_ = &s;
  if (hs_scan_stream(s.hs_, reinterpret_cast<const char*>(data.data()), static_cast<unsigned>(data.size()),
                     0, scratch_, on_match, this) != HS_SUCCESS)
    ++stats_.scan_errors;
  stats_.bytes += data.size();
  resolve(s, data, false, sink);

  auto& history = *s.history_;
  ByteSpan tail = data.size() > history.size() ? data.last(history.size()) : data;
  std::uint64_t off = s.offset_ + (data.size() - tail.size());
  for (std::uint8_t b : tail) history[off++ % history.size()] = b;
  s.offset_ += data.size();
}

// Validates the matches whose right boundary can now be decided: the bytes
// after them have arrived, or the stream (or this piece of it) has ended.
void Scanner::resolve(ContentStream& s, ByteSpan chunk, bool at_end, FindingSink& sink) {
  if (s.pending_.empty()) return;
  ByteSpan ring = s.history_ ? ByteSpan(*s.history_) : ByteSpan();
  TextWindow window(ring, s.floor_, s.offset_, chunk);
  const auto& sigs = signatures_.signatures();
  std::size_t kept = 0;
  const Signature* last_signature = nullptr;
  std::uint64_t last_end = 0;
  for (const auto& m : s.pending_) {
    const Signature& sig = sigs[db_.signature_of(m.pattern)];
    if (!at_end && m.end + sig.validator->lookahead() > window.end()) {
      s.pending_[kept++] = m;
      continue;
    }
    // Two patterns of one signature can end on the same token.
    if (&sig == last_signature && m.end == last_end) continue;
    if (db_.is_masked(m.pattern)) {
      if (read_masked(window, m.start, m.end, masked_token_)) {
        last_signature = &sig;
        last_end = m.end;
        ++stats_.masked;
        sink.on_masked(sig, masked_token_);
      }
      continue;
    }
    Candidate c;
    if (sig.validator->validate(window, m.end, c)) {
      last_signature = &sig;
      last_end = m.end;
      ++stats_.validated;
      sink.on_finding(sig, c);
    }
  }
  s.pending_.resize(kept);
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

void Scanner::end_hs_stream(ContentStream& s, FindingSink& sink) {
  current_ = &s;
  if (s.hs_ && hs_close_stream(s.hs_, scratch_, on_match, this) != HS_SUCCESS) ++stats_.scan_errors;
  s.hs_ = nullptr;
  resolve(s, {}, true, sink);
}

void Scanner::gap(ContentStream& s, std::uint64_t length, FindingSink& sink) {
  end_hs_stream(s, sink);
  s.offset_ += length;
  s.floor_ = s.offset_;
}

void Scanner::close(ContentStream& s, FindingSink& sink) { end_hs_stream(s, sink); }

}  // namespace dlp
