#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "common/byte_span.hpp"
#include "detect/finding_sink.hpp"
#include "detect/pattern_database.hpp"
#include "detect/text_window.hpp"

struct hs_stream;
struct hs_scratch;

namespace dlp {

class JsonWriter;

struct ScanStats {
  std::uint64_t streams = 0;     // content streams opened
  std::uint64_t bytes = 0;       // bytes scanned
  std::uint64_t matches = 0;     // raw pattern matches
  std::uint64_t validated = 0;   // matches that passed their validator
  std::uint64_t masked = 0;      // de-identified values (138****5678)
  std::uint64_t scan_errors = 0; // Hyperscan refused a call
  void write_json(JsonWriter& w) const;
};

// One content stream (a flow direction, later also each decoded layer): a
// Hyperscan stream plus the tail of recent bytes that validators read back
// into, and matches waiting for the bytes that decide their right boundary.
class ContentStream {
 public:
  static constexpr std::size_t kHistory = 512;  // longest token read back (email) fits

  ContentStream() = default;
  ~ContentStream();
  ContentStream(const ContentStream&) = delete;
  ContentStream& operator=(const ContentStream&) = delete;

  // The history and Hyperscan stream state, allocated on the first byte.
  std::size_t memory_bytes(std::size_t hs_stream_bytes) const {
    return (history_ ? kHistory : 0) + (hs_ ? hs_stream_bytes : 0) + pending_.capacity() * sizeof(Pending);
  }

 private:
  friend class Scanner;
  struct Pending {
    unsigned pattern;
    std::uint64_t start;  // masked patterns only (SOM)
    std::uint64_t end;
  };
  hs_stream* hs_ = nullptr;
  std::uint64_t offset_ = 0;   // bytes seen, gaps included
  std::uint64_t hs_base_ = 0;  // stream offset where the Hyperscan stream began
  std::uint64_t floor_ = 0;    // nothing before this may be read: stream start or a gap
  std::unique_ptr<std::array<std::uint8_t, kHistory>> history_;
  std::vector<Pending> pending_;
};

// Scans content streams with one database; owns the worker's scratch. The
// whole loop: write bytes to the Hyperscan stream, collect where matches end,
// then let each signature's validator read its token back and check it.
class Scanner {
 public:
  Scanner(const PatternDatabase& db, const SignatureSet& signatures);
  ~Scanner();
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  void write(ContentStream& s, ByteSpan data, FindingSink& sink);
  // Bytes were lost: no token may span the hole.
  void gap(ContentStream& s, std::uint64_t length, FindingSink& sink);
  void close(ContentStream& s, FindingSink& sink);

  const ScanStats& stats() const { return stats_; }

 private:
  static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void* ctx);
  void resolve(ContentStream& s, ByteSpan chunk, bool at_end, FindingSink& sink);
  static bool read_masked(const TextWindow& window, std::uint64_t start, std::uint64_t end, std::string& token);
  void end_hs_stream(ContentStream& s, FindingSink& sink);

  const PatternDatabase& db_;
  const SignatureSet& signatures_;
  hs_scratch* scratch_ = nullptr;
  ContentStream* current_ = nullptr;  // the stream whose matches the callback collects
  std::string masked_token_;          // reused: no allocation per masked match
  ScanStats stats_;
};

}  // namespace dlp
