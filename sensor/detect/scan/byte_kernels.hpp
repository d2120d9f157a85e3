#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

namespace dlp {

// Where the normaliser is in the encoding it follows (TextNormaliser).
struct NormaliserState {
  int utf8_left = 0;       // continuation bytes the UTF-8 character still needs
  bool gbk = false;        // the stream is not UTF-8: bytes pair as GBK
  bool gbk_trail = false;  // the next byte is the trail of a GBK pair
};

// The scan's loops over every byte, 64 bytes at a time as bitmasks (bit i
// for byte i). They are built once per instruction set
// (isa/byte_kernels_isa.cpp): SSE2, part of every x86-64, AVX2 and
// AVX-512BW (elsewhere one portable set); the best the CPU runs is chosen
// at start. A chunk's last block may be short: it is read as if padded
// with a byte that changes nothing.
struct ByteKernels {
  const char* name;
  // How many bytes from `p` pass the normaliser unchanged, from `state` and
  // the byte before `p`: up to the first sequence to replace, or to the
  // start of a block the kernel cannot follow (not valid UTF-8 where the
  // stream still is), which the byte-at-a-time path reads. `state` is the
  // state after the bytes that passed.
  std::size_t (*normaliser_pass)(const std::uint8_t* p, std::size_t n, std::uint8_t previous, NormaliserState& state);
  // For each block of [p, p + n): its token bytes (is_token_byte) and its
  // record delimiters ('\n', '{', '}'), in (n + 63) / 64 masks each.
  void (*classify)(const std::uint8_t* p, std::size_t n, std::uint64_t* tokens, std::uint64_t* delimiters);
};

// The kernels of the best instruction set this CPU runs.
const ByteKernels& best_byte_kernels();
// Every set this CPU runs, for the tests that compare them.
std::span<const ByteKernels* const> runnable_byte_kernels();

}  // namespace dlp
