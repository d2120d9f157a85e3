#include <gtest/gtest.h>

#include <random>

#include "detect/scan/text_normaliser.hpp"

namespace dlp {
namespace {

std::string normalise(const std::vector<std::string>& chunks, const ByteKernels* kernels = &best_byte_kernels()) {
  TextNormaliser n(kernels);
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

namespace dlp {
namespace {

// Text made of the bytes the normaliser decides on (the leads and trails of
// the replaced sequences, digits, '%', '+', hexadecimal letters) among
// UTF-8 and GBK Chinese, ASCII and stray bytes, so that every kind of block
// (valid UTF-8, GBK pairs, runs cut by a block's end) comes up.
std::string random_text(std::mt19937& rng, std::size_t length) {
  static const std::vector<std::string> pieces = {"\xEF\xBC\x91",
                                                  "\xEF\xBC\xB8",
                                                  "\xEF\xBD\x98",
                                                  "\xEF\xBC\x8C",
                                                  "\xE3\x80\x80",
                                                  "\xE3\x80\x82",
                                                  "\xA3\xB1",
                                                  "\xA3\xD8",
                                                  "\xA1\xA1",
                                                  "\xA3\xAC",
                                                  "\xC9\xED",
                                                  "\xE5\xA3\xB0",
                                                  "\xE8\xBA\xAB",
                                                  "\xF0\x9F\x98\x80",
                                                  "\xC2\xB7",
                                                  "%20",
                                                  "%2B",
                                                  "%E8",
                                                  "%4",
                                                  "+",
                                                  "1",
                                                  "7",
                                                  "a",
                                                  "F",
                                                  " ",
                                                  "\n",
                                                  "\xEF",
                                                  "\xE3",
                                                  "\xA3",
                                                  "\xA1",
                                                  "\x80",
                                                  "\xBC",
                                                  "\xFF",
                                                  "\xC0",
                                                  "Lorem ipsum, dolor 2024. "};
  std::string text;
  while (text.size() < length) text += pieces[rng() % pieces.size()];
  return text;
}

std::string bytewise(const std::string& text) {
  std::vector<std::string> chunks;
  for (char c : text) chunks.emplace_back(1, c);
  return normalise(chunks, nullptr);
}

// The kernels of every instruction set this CPU runs give what the
// byte-at-a-time path gives, written whole or cut at any point, in text
// that starts as UTF-8 and text that turns to GBK early (a stray byte) or late.
TEST(TextNormaliser, VectorPathEqualsScalarPathAtEverySplit) {
  for (const ByteKernels* kernels : runnable_byte_kernels()) {
    std::mt19937 rng(7);
    for (int round = 0; round < 300; ++round) {
      std::string text = random_text(rng, 40 + rng() % 400);
      if (round % 3 == 0) text = std::string(rng() % 130, 'x') + text;  // blocks of plain ASCII first
      const std::string expected = bytewise(text);
      ASSERT_EQ(normalise({text}, nullptr), expected) << round;
      ASSERT_EQ(normalise({text}, kernels), expected) << kernels->name << " " << round;
      for (std::size_t cut = 1; cut < text.size(); cut += 1 + rng() % 7)
        ASSERT_EQ(normalise({text.substr(0, cut), text.substr(cut)}, kernels), expected)
            << kernels->name << " " << round << " " << cut;
    }
  }
}

// Long valid UTF-8 and GBK text, which the vector path takes 64 bytes at a
// time, still has its full-width digits replaced wherever they fall.
TEST(TextNormaliser, VectorPathFindsSequencesInLongText) {
  std::string utf8, gbk;
  for (int i = 0; i < 40; ++i) {
    utf8 += "身份证号码，" + std::string(i % 5, ' ') + "１３\xE3\x80\x80";
    gbk += "\xC9\xED\xB7\xDD" + std::string(i % 3, ' ') + "\xA3\xB1\xA1\xA1\xA3\xAC";
  }
  for (const ByteKernels* kernels : runnable_byte_kernels())
    for (const std::string& text : {utf8, gbk, utf8 + "\xFF" + gbk}) {
      EXPECT_EQ(normalise({text}, kernels), bytewise(text)) << kernels->name;
      EXPECT_NE(normalise({text}, kernels), text) << kernels->name;
    }
}

}  // namespace
}  // namespace dlp
