#include <gtest/gtest.h>

#include "detect/scan/text_normaliser.hpp"

namespace dlp {
namespace {

std::string normalise(const std::vector<std::string>& chunks) {
  TextNormaliser n;
  std::string out, scratch;
  for (const auto& c : chunks) out += as_chars(n.write(as_bytes(c), scratch));
  scratch.clear();
  n.flush(scratch);
  return out + scratch;
}

std::string normalise(const std::string& text) { return normalise(std::vector<std::string>{text}); }

TEST(TextNormaliser, FullWidthDigitsInUtf8) {
  EXPECT_EQ(normalise("号码：１３９１２３４５６７８"), "号码：13912345678");
  EXPECT_EQ(normalise("１１０１０５１９４９１２３１００２Ｘ"), "11010519491231002X");
}

TEST(TextNormaliser, FullWidthDigitsInGbk) {
  // 号码：１３９ in GBK: BA C5 C2 EB A3 BA A3 B1 A3 B3 A3 B9
  EXPECT_EQ(normalise("\xBA\xC5\xC2\xEB\xA3\xBA\xA3\xB1\xA3\xB3\xA3\xB9"),
            "\xBA\xC5\xC2\xEB\xA3\xBA"
            "139");
  EXPECT_EQ(normalise("\xC9\xED\xA3\xB1\xA3\xD8"),
            "\xC9\xED"
            "1X");
}

// A3 B0 inside a UTF-8 character (声 is E5 A3 B0) is not a GBK digit.
TEST(TextNormaliser, Utf8CharactersAreNotReadAsGbk) { EXPECT_EQ(normalise("声音 3 声"), "声音 3 声"); }

TEST(TextNormaliser, SeparatorsBecomeSpaces) {
  EXPECT_EQ(normalise("139　1234　5678"), "139 1234 5678");  // ideographic space
  EXPECT_EQ(normalise("\xC9\xED"
                      "1\xA1\xA1"
                      "2"),
            "\xC9\xED"
            "1 2");  // GBK ideographic space
  EXPECT_EQ(normalise("tel=139+1234+5678&x=a+b"), "tel=139 1234 5678&x=a+b");
  EXPECT_EQ(normalise("tel=%2B86%20139%201234%205678"), "tel=+86 139 1234 5678");
  EXPECT_EQ(normalise("a%40b.cn %28021%2952345678 %E8%BA%AB %4A"), "a@b.cn (021)52345678 %E8%BA%AB %4A");
}

TEST(TextNormaliser, PlainAsciiPassesUnchanged) {
  TextNormaliser n;
  std::string scratch;
  const std::string text = "GET /index.html HTTP/1.1\r\n";
  ByteSpan out = n.write(as_bytes(text), scratch);
  EXPECT_EQ(out.data(), as_bytes(text).data());  // no copy
}

// Sequences split across writes at every point give the same output.
TEST(TextNormaliser, SplitAtEveryPoint) {
  const std::string text = "１３９ 2+3 %20 %2B　\xE5\xA3\xB0 end";
  const std::string whole = normalise(text);
  for (std::size_t cut = 1; cut < text.size(); ++cut)
    EXPECT_EQ(normalise({text.substr(0, cut), text.substr(cut)}), whole) << cut;
}

}  // namespace
}  // namespace dlp
