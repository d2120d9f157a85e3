#pragma once
#include <cstdint>
#include <string>

#include "common/byte_span.hpp"
#include "detect/scan/byte_kernels.hpp"

namespace dlp {

// Rewrites a stream so that one pattern set finds numbers however they were
// typed: full-width digits and X (UTF-8 EF BC 90-99 / B8,
// GBK A3 B0-B9 / D8) become ASCII; the ideographic space (UTF-8 E3 80 80,
// GBK A1 A1) and a '+' between two digits become a space, which the
// patterns accept between digit groups; a form's %-escaped ASCII
// punctuation (%20 %2B %28 %40 ...) is decoded. Everything else passes
// unchanged, so keywords in every encoding still match.
//
// GBK has no self-synchronisation: A3 B1 is also the middle of UTF-8
// characters (声 is E5 A3 B0). The normaliser therefore reads a stream as
// UTF-8 until a byte is not valid UTF-8, then pairs bytes as GBK does.
//
// Bytes that pass unchanged (nearly all, in Chinese text too) are only read
// to follow the encoding, 64 at a time as bitmasks (ByteKernels); the
// byte-at-a-time path reads the blocks those cannot decide, and is the
// reference the tests compare them with.
class TextNormaliser {
 public:
  // No kernels: byte at a time only.
  explicit TextNormaliser(const ByteKernels* kernels = &best_byte_kernels()) : kernels_(kernels) {}

  // The normalised form of `in`: `in` itself when nothing in it changes
  // (the common case: scanned in place), else written into `scratch`. Up
  // to three bytes of an unfinished sequence are held until the next call.
  ByteSpan write(ByteSpan in, std::string& scratch);
  // Releases what is held (end of stream, or a gap).
  void flush(std::string& out);

 private:
  // Follows the encoding over bytes that pass unchanged from in[i]; returns
  // where the first byte that may start a sequence is (or the end).
  std::size_t pass(ByteSpan in, std::size_t i);
  bool starts_sequence(std::uint8_t b, std::uint8_t previous) const;
  void track(std::uint8_t b);
  void emit(std::string& out, std::uint8_t b);
  void step(std::string& out, std::uint8_t b);
  const ByteKernels* kernels_;
  std::uint8_t held_[3] = {};
  int held_n_ = 0;
  NormaliserState state_;
  std::uint8_t last_ = 0;  // last byte emitted
};

}  // namespace dlp
