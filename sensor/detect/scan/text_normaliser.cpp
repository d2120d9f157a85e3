#include "detect/scan/text_normaliser.hpp"

#include <algorithm>

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
  if (state_.gbk) {
    state_.gbk_trail = !state_.gbk_trail && b >= 0x81 && b <= 0xFE;
    return;
  }
  if (state_.utf8_left > 0) {
    if ((b & 0xC0) == 0x80) {
      --state_.utf8_left;
      return;
    }
    state_.gbk = true;  // a character cut short: not UTF-8, and this byte was its trail
    state_.gbk_trail = false;
    return;
  }
  if (b < 0x80) return;
  if (b >= 0xC2 && b <= 0xDF)
    state_.utf8_left = 1;
  else if (b >= 0xE0 && b <= 0xEF)
    state_.utf8_left = 2;
  else if (b >= 0xF0 && b <= 0xF4)
    state_.utf8_left = 3;
  else {
    state_.gbk = true;
    state_.gbk_trail = b >= 0x81 && b <= 0xFE;
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
    const bool at_char_start = state_.gbk ? !state_.gbk_trail : state_.utf8_left == 0;
    if (at_char_start && h[0] == 0xEF && prefix({0xEF, -1, -1})) {
      if (n < 3) return;
      if (h[1] == 0xBC && h[2] >= 0x90 && h[2] <= 0x99) return replace(static_cast<std::uint8_t>('0' + h[2] - 0x90));
      if (h[1] == 0xBC && h[2] == 0xB8) return replace('X');
      if (h[1] == 0xBD && h[2] == 0x98) return replace('x');
    } else if (at_char_start && !state_.gbk && h[0] == 0xE3 && prefix({0xE3, 0x80, 0x80})) {
      if (n < 3) return;
      return replace(' ');
    } else if (at_char_start && state_.gbk && (h[0] == 0xA3 || h[0] == 0xA1)) {
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
  if (state_.gbk) return !state_.gbk_trail && (b == 0xEF || b == 0xA3 || b == 0xA1);
  return state_.utf8_left == 0 && (b == 0xEF || b == 0xE3);
}

std::size_t TextNormaliser::pass(ByteSpan in, std::size_t i) {
  const std::size_t from = i;
  auto previous = [&](std::size_t at) { return at > from ? in[at - 1] : last_; };
  for (bool stopped = false; i < in.size() && !stopped;) {
    std::size_t bytewise_until = in.size();
    if (kernels_) {
      i += kernels_->normaliser_pass(in.data() + i, in.size() - i, previous(i), state_);
      bytewise_until = std::min(in.size(), i + 64);  // the block the kernel could not pass
    }
    for (; i < bytewise_until; ++i) {
      if ((stopped = starts_sequence(in[i], previous(i)))) break;
      track(in[i]);
    }
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
