#include <gtest/gtest.h>

#include "detect/scan/text_form.hpp"

namespace dlp {
namespace {

// The byte sequences of UTF-8 (RFC 3629), GBK/GB 18030, percent-encoding
// (RFC 3986) and JSON escapes (RFC 8259).
TEST(TextForm, KeywordInEveryForm) {
  EXPECT_EQ(literal_in_form("身份证", TextForm::utf8), "\xE8\xBA\xAB\xE4\xBB\xBD\xE8\xAF\x81");
  EXPECT_EQ(literal_in_form("身份证", TextForm::gbk), "\xC9\xED\xB7\xDD\xD6\xA4");
  EXPECT_EQ(literal_in_form("身份证", TextForm::percent_utf8), "%E8%BA%AB%E4%BB%BD%E8%AF%81");
  EXPECT_EQ(literal_in_form("身份证", TextForm::percent_gbk), "%C9%ED%B7%DD%D6%A4");
  EXPECT_EQ(literal_in_form("身份证", TextForm::json), "\\u8eab\\u4efd\\u8bc1");
  EXPECT_EQ(literal_in_form("QQ号", TextForm::percent_utf8), "QQ%E5%8F%B7");
}

TEST(TextForm, RegexKeepsItsSyntax) {
  EXPECT_EQ(regex_in_form("(?:京|津)[A-Z]", TextForm::gbk), "(?:(?:\\xBE\\xA9)|(?:\\xBD\\xF2))[A-Z]");
  EXPECT_EQ(regex_in_form("(?:京)\\d", TextForm::json), "(?:\\\\u4eac)\\d");
  EXPECT_EQ(regex_in_form("[0-9]+", TextForm::gbk), "[0-9]+");
}

std::vector<std::string> read_all(const std::string& bytes, TextForm form) {
  ByteSpan chunk = as_bytes(bytes);
  TextWindow w({}, 0, 0, chunk);
  FormReader r(w, 0, bytes.size(), form);
  std::vector<std::string> out;
  while (auto ch = r.next()) out.push_back(*ch);
  return out;
}

TEST(TextForm, ReaderDecodesEachForm) {
  const std::vector<std::string> zhang_san = {"张", "三"};
  EXPECT_EQ(read_all("张三", TextForm::utf8), zhang_san);
  EXPECT_EQ(read_all("\xD5\xC5\xC8\xFD", TextForm::gbk), zhang_san);
  EXPECT_EQ(read_all("%E5%BC%A0%E4%B8%89", TextForm::percent_utf8), zhang_san);
  EXPECT_EQ(read_all("%d5%c5%c8%fd", TextForm::percent_gbk), zhang_san);
  EXPECT_EQ(read_all("\\u5F20\\u4e09", TextForm::json), zhang_san);
  EXPECT_EQ(read_all("\\ud83d\\ude00", TextForm::json), std::vector<std::string>{"\xF0\x9F\x98\x80"});
  EXPECT_EQ(read_all("a+b", TextForm::percent_utf8), (std::vector<std::string>{"a", " ", "b"}));
}

TEST(TextForm, ReaderStopsAtWhatDoesNotDecode) {
  EXPECT_TRUE(read_all("\\ud83d", TextForm::json).empty());         // a lone surrogate
  EXPECT_TRUE(read_all("%E5%BC", TextForm::percent_utf8).empty());  // cut short
  EXPECT_TRUE(read_all("\xE5\xBC", TextForm::utf8).empty());
  EXPECT_EQ(read_all("\xD5\xC5\xFF", TextForm::gbk), std::vector<std::string>{"张"});
}

}  // namespace
}  // namespace dlp
