#include "detect/scan/text_normaliser.hpp"

#include "detect/scan/byte_masks.hpp"
#include "detect/scan/text_window.hpp"

namespace dlp {

void TextNormaliser::emit(std::string& out, std::uint8_t b) {
  out.push_back(static_cast<char>(b));
  last_ = b;
  track(b);
}

// Tracks UTF-8 validity (to know when to switch to GBK pairing) and the GBK
// lead/trail position of what is emitted.
void TextNormaliser::track(std::uint8_t b) {
  if (gbk_) {
    gbk_trail_ = !gbk_trail_ && b >= 0x81 && b <= 0xFE;
    return;
  }
  if (utf8_left_ > 0) {
    if ((b & 0xC0) == 0x80) {
      --utf8_left_;
      return;
    }
    gbk_ = true;  // a character cut short: not UTF-8, and this byte was its trail
    gbk_trail_ = false;
    return;
  }
  if (b < 0x80) return;
  if (b >= 0xC2 && b <= 0xDF)
    utf8_left_ = 1;
  else if (b >= 0xE0 && b <= 0xEF)
    utf8_left_ = 2;
  else if (b >= 0xF0 && b <= 0xF4)
    utf8_left_ = 3;
  else {
    gbk_ = true;
    gbk_trail_ = b >= 0x81 && b <= 0xFE;
  }
}

void TextNormaliser::step(std::string& out, std::uint8_t b) {
  held_[held_n_++] = b;
  for (;;) {
    const std::uint8_t* h = held_;
    const int n = held_n_;
    // Returns true when the held bytes may still become a sequence.
    auto prefix = [&](std::initializer_list<int> seq) {
      int i = 0;
      for (int want : seq) {
        if (i == n) return true;
        if (want >= 0 && h[i] != want) return false;
        ++i;
      }
      return true;
    };
    auto replace = [&](std::uint8_t c) {
      held_n_ = 0;
      emit(out, c);
    };
    const bool at_char_start = gbk_ ? !gbk_trail_ : utf8_left_ == 0;
    if (at_char_start && h[0] == 0xEF && prefix({0xEF, -1, -1})) {
      if (n < 3) return;
      if (h[1] == 0xBC && h[2] >= 0x90 && h[2] <= 0x99) return replace(static_cast<std::uint8_t>('0' + h[2] - 0x90));
      if (h[1] == 0xBC && h[2] == 0xB8) return replace('X');
      if (h[1] == 0xBD && h[2] == 0x98) return replace('x');
    } else if (at_char_start && !gbk_ && h[0] == 0xE3 && prefix({0xE3, 0x80, 0x80})) {
      if (n < 3) return;
      return replace(' ');
    } else if (at_char_start && gbk_ && (h[0] == 0xA3 || h[0] == 0xA1)) {
      if (n < 2) return;
      if (h[0] == 0xA3 && h[1] >= 0xB0 && h[1] <= 0xB9) return replace(static_cast<std::uint8_t>('0' + h[1] - 0xB0));
      if (h[0] == 0xA3 && h[1] == 0xD8) return replace('X');
      if (h[0] == 0xA1 && h[1] == 0xA1) return replace(' ');
    } else if (h[0] == '%' && (n < 2 || hex_value(h[1]) >= 0) && (n < 3 || hex_value(h[2]) >= 0)) {
      // %20, %2B, %28, %40 ... in a form: the punctuation inside and around
      // numbers and addresses; letters, digits and non-ASCII stay encoded.
      if (n < 3) return;
      const int c = hex_value(h[1]) * 16 + hex_value(h[2]);
      if (c >= 0x20 && c < 0x7F && !is_alnum(c) && c != '%') return replace(static_cast<std::uint8_t>(c));
    } else if (h[0] == '+' && is_digit(last_)) {
      if (n < 2) return;
      if (is_digit(h[1])) {
        emit(out, ' ');
        held_[0] = h[1];
        held_n_ = 1;
        continue;
      }
    }
    // Not a sequence: the first held byte goes out as it is, the rest are
    // looked at again.
    emit(out, h[0]);
    for (int i = 1; i < n; ++i) held_[i - 1] = h[i];
    held_n_ = n - 1;
    if (held_n_ == 0) return;
    // The remaining bytes are re-examined one at a time.
    std::uint8_t rest[3];
    int rest_n = held_n_;
    for (int i = 0; i < rest_n; ++i) rest[i] = held_[i];
    held_n_ = 0;
    for (int i = 0; i < rest_n; ++i) step(out, rest[i]);
    return;
  }
}

// What step() would hold rather than pass on, with nothing held.
bool TextNormaliser::starts_sequence(std::uint8_t b, std::uint8_t previous) const {
  if (b == '%') return true;
  if (b == '+') return is_digit(previous);
  if (gbk_) return !gbk_trail_ && (b == 0xEF || b == 0xA3 || b == 0xA1);
  return utf8_left_ == 0 && (b == 0xEF || b == 0xE3);
}

#if defined(__SSE2__)
namespace {
constexpr std::uint64_t kEven = 0x5555555555555555ull;  // bits 0, 2, 4 ...
constexpr std::uint64_t kLastTwo = 0xC000000000000000ull;

// The replaced three-byte sequences EF BC 90-99, EF BC B8 and EF BD 98, by
// where they start; and E3 80 80. One near the end may go on past the block.
std::uint64_t fullwidth_starts(const ByteMasks64& m) {
  const std::uint64_t ef = m.eq(0xEF);
  if (!ef) return 0;
  const std::uint64_t digit_or_x = (m.in_range(0x90, 0x99) | m.eq(0xB8)) >> 2;
  return (ef & (m.eq(0xBC) >> 1) & digit_or_x) | (ef & (m.eq(0xBD) >> 1) & (m.eq(0x98) >> 2)) | (ef & kLastTwo);
}
}  // namespace

// A block passes when it is valid UTF-8 (continuing the character the last
// one ended in) with no replaced sequence: then only the state at its end
// is needed. Anything else is left to the byte-at-a-time path.
bool TextNormaliser::utf8_block_passes(const ByteMasks64& m) {
  if (utf8_left_ == 0 && !m.high()) return true;  // ASCII
  const std::uint64_t lead2 = m.bits(0xE0, 0xC0), lead3 = m.bits(0xF0, 0xE0), lead4 = m.bits(0xF8, 0xF0);
  const std::uint64_t bad =
      m.where([](__m128i v) { return _mm_or_si128(lanes::in_range(v, 0xC0, 0xC1), lanes::in_range(v, 0xF5, 0xFF)); });
  const std::uint64_t carried = (std::uint64_t{1} << utf8_left_) - 1;
  const std::uint64_t needed = ((lead2 | lead3 | lead4) << 1) | ((lead3 | lead4) << 2) | (lead4 << 3) | carried;
  if (bad || needed != m.bits(0xC0, 0x80)) return false;
  if (const std::uint64_t e3 = m.eq(0xE3)) {
    const std::uint64_t x80 = m.eq(0x80);
    if ((e3 & (x80 >> 1) & (x80 >> 2)) | (e3 & kLastTwo)) return false;
  }
  if (fullwidth_starts(m)) return false;
  const std::uint64_t beyond = ((lead2 | lead3 | lead4) >> 63) | ((lead3 | lead4) >> 62) | (lead4 >> 61);
  utf8_left_ = __builtin_popcountll(beyond);
  return true;
}

// GBK pairs a lead (81-FE not itself a trail) with whatever byte follows.
// In a run of such bytes leads are every other byte from the run's start
// (from its second byte when the block starts on a trail): adding a run's
// start bit to the mask clears exactly that run, which picks out the runs
// starting on even and on odd bits.
bool TextNormaliser::gbk_block_passes(const ByteMasks64& m) {
  const std::uint64_t high = m.in_range(0x81, 0xFE);
  const std::uint64_t starts = high & ~(high << 1);
  std::uint64_t even_starts = starts & kEven, odd_starts = starts & ~kEven;
  if (gbk_trail_ && (high & 1)) {
    even_starts &= ~std::uint64_t{1};
    odd_starts |= 1;
  }
  const std::uint64_t leads = (high & ~(high + even_starts) & kEven) | (high & ~(high + odd_starts) & ~kEven);
  const std::uint64_t a3 = m.eq(0xA3), a1 = m.eq(0xA1);
  std::uint64_t sequences = fullwidth_starts(m) | (a1 & (a1 >> 1));
  if (a3)
    sequences |=
        a3 & (m.where([](__m128i v) { return _mm_or_si128(lanes::in_range(v, 0xB0, 0xB9), lanes::eq(v, 0xD8)); }) >> 1);
  if ((leads & sequences) | ((a3 | a1) >> 63)) return false;
  gbk_trail_ = (leads >> 63) != 0;
  return true;
}

bool TextNormaliser::block_passes(const std::uint8_t* p, std::uint8_t previous) {
  const ByteMasks64 m(p);
  if (const std::uint64_t percent = m.eq('%')) {  // %XX, which may end past the block
    const std::uint64_t hex = m.where([](__m128i v) {
      return _mm_or_si128(lanes::in_range(v, '0', '9'),
                          lanes::in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'f'));
    });
    if (percent & (((hex >> 1) & (hex >> 2)) | kLastTwo)) return false;
  }
  if (const std::uint64_t plus = m.eq('+'); plus && (plus & ((m.in_range('0', '9') << 1) | is_digit(previous))))
    return false;
  return gbk_ ? gbk_block_passes(m) : utf8_block_passes(m);
}
#endif

std::size_t TextNormaliser::pass(ByteSpan in, std::size_t i) {
  const std::size_t from = i;
  std::size_t bytewise_until = 0;  // a block that did not pass is read byte by byte
  while (i < in.size()) {
    const std::uint8_t previous = i > from ? in[i - 1] : last_;
#if defined(__SSE2__)
    if (path_ == Path::vector && i >= bytewise_until && i + 64 <= in.size()) {
      if (block_passes(in.data() + i, previous)) {
        i += 64;
        continue;
      }
      bytewise_until = i + 64;
    }
#endif
    const std::uint8_t b = in[i];
    if (starts_sequence(b, previous)) break;
    track(b);
    ++i;
  }
  if (i > from) last_ = in[i - 1];
  return i;
}

ByteSpan TextNormaliser::write(ByteSpan in, std::string& out) {
  std::size_t i = held_n_ == 0 ? pass(in, 0) : 0;
  if (i == in.size()) return in;
  out.assign(reinterpret_cast<const char*>(in.data()), i);
  while (i < in.size()) {
    step(out, in[i++]);
    if (held_n_ != 0) continue;
    const std::size_t end = pass(in, i);
    out.append(reinterpret_cast<const char*>(in.data() + i), end - i);
    i = end;
  }
  return ByteSpan(reinterpret_cast<const std::uint8_t*>(out.data()), out.size());
}

void TextNormaliser::flush(std::string& out) {
  for (int i = 0; i < held_n_; ++i) emit(out, held_[i]);
  held_n_ = 0;
}

}  // namespace dlp
