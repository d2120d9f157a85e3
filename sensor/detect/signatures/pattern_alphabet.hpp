#pragma once
#include <bitset>
#include <optional>
#include <string_view>

namespace dlp {

// The bytes a match of a regex can consist of, read from its atoms alone
// (literals, \d, \xHH, escaped punctuation, [...] classes without ^), or
// nothing when that cannot be told this simply (., \w, \D, a negated class,
// an anchor, a flag group, a POSIX class). A leading word boundary
// (?:^|[^0-9A-Za-z]) is set apart: it is the byte before the token, which
// the scan supplies; after it, an alternative at the top is refused (the
// boundary would stand alone in the other branch).
struct PatternAlphabet {
  std::bitset<256> bytes;
  bool boundary_prefix = false;
};
std::optional<PatternAlphabet> pattern_alphabet(std::string_view regex, bool caseless);

// The characters of numbers and codes as signatures write them: digits,
// capital letters, x (an ID's check character), space, '-' and parentheses.
// A value pattern of these alone is scanned only over runs of them.
bool is_token_byte(unsigned char c);

}  // namespace dlp
