#include "detect/signatures/pattern_alphabet.hpp"

#include <cctype>
#include <string>

namespace dlp {

namespace {

constexpr std::string_view kBoundary = "(?:^|[^0-9A-Za-z])";

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads one escape after its backslash: the byte set it stands for, or
// nothing when it is not a plain character or \d.
std::optional<std::bitset<256>> escape(std::string_view re, std::size_t& i) {
  std::bitset<256> out;
  if (i >= re.size()) return std::nullopt;
  const char c = re[i++];
  if (c == 'd') {
    for (char d = '0'; d <= '9'; ++d) out.set(static_cast<unsigned char>(d));
    return out;
  }
  if (c == 'x') {
    if (i + 2 > re.size() || hex_digit(re[i]) < 0 || hex_digit(re[i + 1]) < 0) return std::nullopt;
    out.set(static_cast<std::size_t>(hex_digit(re[i]) * 16 + hex_digit(re[i + 1])));
    i += 2;
    return out;
  }
  if (std::isalnum(static_cast<unsigned char>(c))) return std::nullopt;  // \w \s \b \n ...
  out.set(static_cast<unsigned char>(c));
  return out;
}

// A [...] class after its '['; a negated one is refused.
std::optional<std::bitset<256>> char_class(std::string_view re, std::size_t& i) {
  std::bitset<256> out;
  if (i < re.size() && re[i] == '^') return std::nullopt;
  bool first = true;
  while (i < re.size() && (re[i] != ']' || first)) {
    first = false;
    if (re.compare(i, 2, "[:") == 0) return std::nullopt;  // [:alpha:]
    std::bitset<256> item;
    int single = -1;
    if (re[i] == '\\') {
      ++i;
      auto e = escape(re, i);
      if (!e) return std::nullopt;
      item = *e;
      if (item.count() == 1) single = static_cast<int>(item._Find_first());
    } else {
      single = static_cast<unsigned char>(re[i++]);
      item.set(static_cast<std::size_t>(single));
    }
    if (single >= 0 && i + 1 < re.size() && re[i] == '-' && re[i + 1] != ']') {
      ++i;
      int last = static_cast<unsigned char>(re[i++]);
      if (last == '\\') return std::nullopt;
      for (int b = single; b <= last; ++b) item.set(static_cast<std::size_t>(b));
    }
    out |= item;
  }
  if (i >= re.size()) return std::nullopt;
  ++i;  // ']'
  return out;
}

}  // namespace

std::optional<PatternAlphabet> pattern_alphabet(std::string_view re, bool caseless) {
  PatternAlphabet a;
  if (re.substr(0, kBoundary.size()) == kBoundary) {
    a.boundary_prefix = true;
    re.remove_prefix(kBoundary.size());
  }
  std::size_t i = 0;
  int depth = 0;  // of groups: an alternative at the top could leave the boundary alone
  while (i < re.size()) {
    const char c = re[i++];
    if (c == '\\') {
      auto e = escape(re, i);
      if (!e) return std::nullopt;
      a.bytes |= *e;
    } else if (c == '[') {
      auto e = char_class(re, i);
      if (!e) return std::nullopt;
      a.bytes |= *e;
    } else if (c == '(') {
      ++depth;
      if (i < re.size() && re[i] == '?') {
        if (re.substr(i, 2) != "?:") return std::nullopt;
        i += 2;
      }
    } else if (c == ')') {
      --depth;
    } else if (c == '|' && depth == 0 && a.boundary_prefix) {
      return std::nullopt;
    } else if (c == '{') {
      for (; i < re.size() && re[i] != '}'; ++i)
        if (!std::isdigit(static_cast<unsigned char>(re[i])) && re[i] != ',') return std::nullopt;
      ++i;
    } else if (c == '.' || c == '^' || c == '$') {
      return std::nullopt;
    } else if (c != '|' && c != '?' && c != '*' && c != '+') {
      a.bytes.set(static_cast<unsigned char>(c));
    }
  }
  if (caseless)
    for (int b = 'A'; b <= 'Z'; ++b)
      if (a.bytes[b] || a.bytes[b + 32]) a.bytes.set(b).set(b + 32);
  return a;
}

bool is_token_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == 'x' || c == ' ' || c == '-' || c == '(' || c == ')';
}

}  // namespace dlp
