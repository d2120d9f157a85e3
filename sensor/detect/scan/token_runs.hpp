#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/byte_span.hpp"

namespace dlp {

// [from, to) of a chunk: bytes that are all token bytes.
struct TokenRun {
  std::size_t from;
  std::size_t to;
};

// The runs of token bytes of `chunk` that a token database whose matches are
// at least `min_length` long may need: the one at the chunk's start (it may
// go on a run of the chunk before) and each that may be that long. Found
// once per chunk for the databases of every tier, from the chunk's token
// masks (ByteKernels::classify).
void find_token_runs(ByteSpan chunk, const std::uint64_t* masks, std::size_t min_length, std::vector<TokenRun>& out);

// Picks out of a stream the runs of token bytes (is_token_byte) at least
// `min_length` long, each with the byte before it, for a token database:
// a token pattern's match lies inside such a run, and its leading boundary
// (?:^|[^0-9A-Za-z]) on the byte before. A run cut by the end of a chunk is
// held until it is long enough or ends; a run already fed goes on being fed.
class TokenRuns {
 public:
  // Calls feed(piece, stream offset of its first byte) for what the token
  // database must see of `chunk`, which starts at stream offset `base`;
  // `runs` are the chunk's, found for this min_length or a shorter one.
  template <typename Feed>
  void write(ByteSpan chunk, const std::vector<TokenRun>& runs, std::uint64_t base, std::size_t min_length,
             Feed&& feed);
  // The stream starts again (a gap): no run or byte before carries over.
  void reset() {
    held_.clear();
    feeding_ = false;
    before_ = -1;
  }
  std::size_t memory_bytes() const { return held_.capacity(); }

 private:
  // [from, to) of `chunk` is a run; `open` when it reaches the chunk's end.
  template <typename Feed>
  void run(ByteSpan chunk, std::uint64_t base, std::size_t from, std::size_t to, bool open, std::size_t min_length,
           Feed& feed);
  std::string held_;           // a short run cut by a chunk's end, after the byte before it if any
  std::uint64_t held_at_ = 0;  // stream offset of held_[0]
  std::size_t held_run_ = 0;   // bytes of the run in held_
  bool feeding_ = false;       // the last chunk ended inside a run that was fed
  int before_ = -1;            // the last byte of the last chunk, -1 at the start
};

// Finds the runs of token bytes in a chunk from its masks, 64 bytes at a
// time: a block's runs too short to hold a match are skipped without a look
// at each.
class TokenBytes {
 public:
  TokenBytes(ByteSpan chunk, const std::uint64_t* masks, std::size_t min_length)
      : chunk_(chunk), masks_(masks), min_length_(min_length) {}
  // Where the next run from `i` on starts that may be min_length long
  // (i is not inside a run); the chunk's size if none.
  std::size_t next_run(std::size_t i);
  // The end of the run that holds `i`.
  std::size_t run_end(std::size_t i);

 private:
  std::uint64_t mask(std::size_t block) const { return masks_[block / 64]; }
  ByteSpan chunk_;
  const std::uint64_t* masks_;
  std::size_t min_length_;
};

template <typename Feed>
void TokenRuns::write(ByteSpan chunk, const std::vector<TokenRun>& runs, std::uint64_t base, std::size_t min_length,
                      Feed&& feed) {
  if (chunk.empty()) return;
  std::size_t k = 0;
  if (feeding_ || !held_.empty()) {  // what was fed or held ends at the chunk's first other byte
    const std::size_t end = !runs.empty() && runs[0].from == 0 ? runs[0].to : 0;
    run(chunk, base, 0, end, end == chunk.size(), min_length, feed);
    k = end > 0 ? 1 : 0;
  }
  for (; k < runs.size(); ++k) run(chunk, base, runs[k].from, runs[k].to, runs[k].to == chunk.size(), min_length, feed);
  before_ = chunk[chunk.size() - 1];
}

template <typename Feed>
void TokenRuns::run(ByteSpan chunk, std::uint64_t base, std::size_t from, std::size_t to, bool open,
                    std::size_t min_length, Feed& feed) {
  if (from == 0 && feeding_) {  // the run fed before goes on
    feed(chunk.first(to), base);
    feeding_ = open;
    return;
  }
  const bool continues_held = from == 0 && !held_.empty();
  const std::size_t length = (continues_held ? held_run_ : 0) + (to - from);
  if (length >= min_length) {
    if (continues_held) {
      feed(as_bytes(held_), held_at_);
    } else if (from > 0) {
      from -= 1;  // the byte before the run
    } else if (before_ >= 0) {
      const auto byte = static_cast<std::uint8_t>(before_);
      feed(ByteSpan(&byte, 1), base - 1);
    }
    feed(chunk.subspan(from, to - from), base + from);
    held_.clear();
    feeding_ = open;
    return;
  }
  if (!open) {
    held_.clear();
    return;
  }
  if (!continues_held) {  // a short run at the end: kept, with the byte before it
    const bool has_before = from > 0 || before_ >= 0;
    held_at_ = base + from - (has_before ? 1 : 0);
    held_.assign(has_before ? 1 : 0, static_cast<char>(from > 0 ? chunk[from - 1] : before_));
    held_run_ = 0;
  }
  held_.append(reinterpret_cast<const char*>(chunk.data() + from), to - from);
  held_run_ += to - from;
}

}  // namespace dlp
