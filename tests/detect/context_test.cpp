#include <gtest/gtest.h>

#include "detect/scan_helper.hpp"

namespace dlp::test {
namespace {

Confidence only_confidence(const std::string& text) {
  auto sink = scan_collect(text);
  EXPECT_EQ(sink.found.size(), 1u) << text;
  return sink.confidence.empty() ? Confidence::low : sink.confidence.front();
}

// High needs a keyword of the value's own category within 300 characters
// (900 bytes) before it.
TEST(Confidence, KeywordWithinTheWindow) {
  EXPECT_EQ(only_confidence("13912345678"), Confidence::medium);
  EXPECT_EQ(only_confidence("手机号：13912345678"), Confidence::high);
  EXPECT_EQ(only_confidence("手机号：" + std::string(880, ' ') + "13912345678"), Confidence::high);
  EXPECT_EQ(only_confidence("手机号：" + std::string(910, ' ') + "13912345678"), Confidence::medium);
  EXPECT_EQ(only_confidence("身份证号：13912345678"), Confidence::medium);  // another category's keyword
  EXPECT_EQ(only_confidence("{\"\\u624b\\u673a\\u53f7\":\"13912345678\"}"), Confidence::high);
  EXPECT_EQ(only_confidence("MOBILE=13912345678"), Confidence::high);
  EXPECT_EQ(only_confidence("automobile 13912345678"), Confidence::medium);  // not a word of its own
}

// A header cell is the keyword of its whole column, however far down.
TEST(Confidence, CsvHeaderCoversItsColumn) {
  std::string csv = "序号,手机号,备注\r\n";
  for (int i = 0; i < 100; ++i) csv += std::to_string(i) + ",13900000000,无\r\n";
  csv += "100,13912345678,无\r\n";
  auto sink = scan_collect(csv);
  ASSERT_EQ(sink.found.size(), 101u);
  EXPECT_EQ(sink.found.back(), (Found{"cn_mobile", "13912345678"}));
  EXPECT_EQ(sink.confidence.back(), Confidence::high);
  // The same number in another column is not under the header.
  auto other = scan_collect("序号,手机号,备注\r\n" + std::string(1000, 'x') + "\r\n1,2,13912345678\r\n");
  ASSERT_EQ(other.found.size(), 1u);
  EXPECT_EQ(other.confidence.front(), Confidence::medium);
}

// Keyword-bound types are low; the weak forms that need a keyword need the
// nearest one to be theirs, and stay medium.
TEST(Confidence, LabelledAndKeywordOnly) {
  EXPECT_EQ(only_confidence("姓名：张伟，"), Confidence::low);
  EXPECT_EQ(scan("IMEI 490154203237518 "), std::vector<Found>({{"imei", "490154203237518"}}));
  EXPECT_EQ(only_confidence("IMEI 490154203237518 "), Confidence::medium);
  EXPECT_TRUE(scan("device 490154203237518 ").empty());
  EXPECT_TRUE(scan("IMEI: x, 身份证号: y, 490154203237518 ").empty());  // the nearest keyword is an ID's
}

// 146, 148 and 149 are data cards: mobiles only after a phone keyword or
// under a phone column, and then still medium.
TEST(Context, DataCardNumbersNeedAPhoneContext) {
  EXPECT_TRUE(scan("no 14612345678 ").empty());
  EXPECT_TRUE(scan("身份证号：14812345678 ").empty());  // the nearest keyword is an ID's
  EXPECT_EQ(scan("手机号：14912345678 "), std::vector<Found>({{"cn_mobile", "14912345678"}}));
  EXPECT_EQ(only_confidence("phone +86 146 1234 5678 "), Confidence::medium);
  auto column = scan_collect("序号,手机号\r\n1,14812345678\r\n2,13912345678\r\n");
  EXPECT_EQ(column.found, std::vector<Found>({{"cn_mobile", "14812345678"}, {"cn_mobile", "13912345678"}}));
  EXPECT_EQ(column.confidence, std::vector<Confidence>({Confidence::medium, Confidence::high}));
  EXPECT_EQ(scan("13912345678 "), std::vector<Found>({{"cn_mobile", "13912345678"}}));  // other ranges need none
}

// A value under a header of another kind, that is also valid as that kind,
// is that kind only; one that is not stays what it is.
TEST(Context, ColumnHeaderDecidesTheKind) {
  const std::string passports = "姓名,护照号码\r\n张伟,EY2743882\r\n李娜,E12345678\r\n";
  std::vector<std::string> categories;
  for (const auto& f : scan(passports)) categories.push_back(f.category + ":" + f.value);
  EXPECT_EQ(categories, std::vector<std::string>({"person_name:张伟", "cn_passport:EY2743882", "person_name:李娜",
                                                  "cn_passport:E12345678"}));
  // Outside a passport column the same token is a well-formed HK identity card.
  EXPECT_EQ(scan("card EY2743882 "), std::vector<Found>({{"hk_id", "EY2743882"}}));
  // An email under a phone column is not a phone number: it stays an email.
  EXPECT_EQ(scan("序号,联系方式\r\n1,zhangwei@example.cn\r\n"), std::vector<Found>({{"email", "zhangwei@example.cn"}}));
}

// A record is one person: an identifier and another attribute between
// delimiters, deduplicated by the identifier, in the richest tier it holds.
TEST(Records, LinesAndObjects) {
  auto alerts = alerts_of(
      "110105194912310038,13912345678\n"                                 // ID + mobile: a record (of the ID)
      "110105194912310038,13912345678\n"                                 // the same person again
      "440305198511112343\n"                                             // an ID alone: not a record
      "{\"id\":\"310104199212120042\",\n \"mobile\":\"15900001111\"}\n"  // one JSON object over two lines
      "440305200001010013,病案号：ZY20230001\n");                        // with a medical record number: tier B
  ASSERT_EQ(alerts.size(), 3u);
  EXPECT_EQ(alerts[0].category, "cn_mobile");
  EXPECT_EQ(alerts[0].records, 0u);
  EXPECT_EQ(alerts[1].category, "cn_resident_id");
  EXPECT_EQ(alerts[1].distinct, 4u);
  EXPECT_EQ(alerts[1].records, 3u);
  // Two tier C records (2/5000) and one tier B (1/500).
  EXPECT_NEAR(alerts[1].score, 2.0 / 5000 + 1.0 / 500, 1e-12);
  EXPECT_EQ(alerts[2].category, "medical_record_no");
}

// Without a delimiter, a second ID of the same kind starts the next record,
// so a run of rows glued together is not one record.
TEST(Records, SecondIdentifierStartsANewRecord) {
  auto alerts = alerts_of("{ 110105194912310038 13912345678 440305198511112343 15900001111 ");
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[1].category, "cn_resident_id");
  EXPECT_EQ(alerts[1].records, 2u);
}

// Validators turn down what only looks right.
TEST(Validators, WrongCheckDigitsAndShapes) {
  for (const char* text :
       {"HKID A123456(4) ", "身分證字號 A123456788 ", "VIN 1M8GDM9A1KP042788 ", "91350100M000100Y44 ", "0755-1234567 ",
        "400-810-8888 ", "电话 01012345678 ", "港A12345 ", "车牌 京I12345 ", "ICCID 8986001234567890123 ",
        "IMSI 460201234567890 ", "护照 X12345678 ", "QQ号：0123456 ", "微信号：1abcdefg ", "运单号：RR123456784CN "})
    EXPECT_TRUE(scan(text).empty()) << text;
}

}  // namespace
}  // namespace dlp::test
