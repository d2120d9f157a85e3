#include <gtest/gtest.h>

#include "detect/scan_helper.hpp"
#include "detect/validators/bank_card_validator.hpp"
#include "detect/validators/mobile_validator.hpp"
#include "detect/validators/resident_id_validator.hpp"

namespace dlp::test {
namespace {

std::vector<std::string> values(const std::string& text, const std::string& category) {
  std::vector<std::string> out;
  for (const auto& f : scan(text))
    if (f.category == category) out.push_back(f.value);
  return out;
}

using V = std::vector<std::string>;

TEST(ResidentIdValidator, WorkedExamplesFromTheStandard) {
  ResidentIdValidator v(ValidatorConfig{2026});
  EXPECT_TRUE(v.valid_number("11010519491231002X"));
  EXPECT_TRUE(v.valid_number("11010519491231002x"));
  EXPECT_TRUE(v.valid_number("440524188001010014"));
  EXPECT_FALSE(v.valid_number("110105194912310021"));  // wrong check character
  EXPECT_FALSE(v.valid_number("990105194912310023"));  // no such province
}

TEST(ResidentIdValidator, RejectsImpossibleDates) {
  ResidentIdValidator v(ValidatorConfig{2026});
  // Check characters are right; the dates are not.
  EXPECT_FALSE(v.valid_number("11010519900230001X"));  // 30 February
  EXPECT_FALSE(v.valid_number("110105190002290017"));  // 1900 was not a leap year
  EXPECT_TRUE(v.valid_number("110105200002290013"));   // 2000 was
  EXPECT_FALSE(v.valid_number("11010520300101001X"));  // born after 2026
}

TEST(ResidentIdValidator, FoundInTextWithBoundaries) {
  EXPECT_EQ(values("id:11010519491231002x;", "cn_resident_id"), V{"11010519491231002X"});
  EXPECT_EQ(values("11010519491231002X", "cn_resident_id"), V{"11010519491231002X"});  // stream edges
  EXPECT_EQ(values("911010519491231002X", "cn_resident_id"), V{});                     // part of a longer run
  EXPECT_EQ(values("11010519491231002X7", "cn_resident_id"), V{});
  EXPECT_EQ(values("A11010519491231002X", "cn_resident_id"), V{});
}

TEST(ResidentIdValidator, Masks) {
  ResidentIdValidator v(ValidatorConfig{2026});
  EXPECT_EQ(v.mask("11010519491231002X"), "110105********002X");
}

TEST(MobileValidator, AllocatedRanges) {
  for (const char* ok : {"13812345678", "14512345678", "14712345678", "16212345678", "16612345678", "17012345678",
                         "17400512345", "19212345678", "16101234567"})
    EXPECT_TRUE(MobileValidator::allocated(ok)) << ok;
  for (const char* bad : {"14012345678", "14612345678", "15412345678", "16012345678", "17412345678", "17406123456",
                          "19412345678", "12012345678", "1381234567"})
    EXPECT_FALSE(MobileValidator::allocated(bad)) << bad;
  for (const char* card : {"14612345678", "14812345678", "14912345678"})
    EXPECT_TRUE(MobileValidator::data_card(card)) << card;
  for (const char* other : {"14512345678", "14012345678", "1461234567"})
    EXPECT_FALSE(MobileValidator::data_card(other)) << other;
}

TEST(MobileValidator, WrittenForms) {
  EXPECT_EQ(values("tel 13812345678.", "cn_mobile"), V{"13812345678"});
  EXPECT_EQ(values("tel 138 1234 5678.", "cn_mobile"), V{"13812345678"});
  EXPECT_EQ(values("tel 138-1234-5678.", "cn_mobile"), V{"13812345678"});
  EXPECT_EQ(values("+86 13812345678", "cn_mobile"), V{"13812345678"});
  EXPECT_EQ(values("+86-138-1234-5678", "cn_mobile"), V{"13812345678"});
  EXPECT_EQ(values("008613812345678", "cn_mobile"), V{"13812345678"});
  EXPECT_EQ(values("8613812345678", "cn_mobile"), V{"13812345678"});
}

TEST(MobileValidator, DecoysInLongerNumbers) {
  EXPECT_EQ(values("ts=1381234567890", "cn_mobile"), V{});  // 13-digit millisecond timestamp
  EXPECT_EQ(values("order 913812345678", "cn_mobile"), V{});
  EXPECT_EQ(values("x13812345678", "cn_mobile"), V{});
  EXPECT_EQ(values("15412345678", "cn_mobile"), V{});  // unallocated 154
}

TEST(MobileValidator, Masks) { EXPECT_EQ(MobileValidator().mask("13812345678"), "138****5678"); }

TEST(BankCardValidator, Luhn) {
  EXPECT_TRUE(BankCardValidator::luhn("6225881414207430"));
  EXPECT_TRUE(BankCardValidator::luhn("6283875070985593"));
  EXPECT_FALSE(BankCardValidator::luhn("6221730301002042987"));
  EXPECT_FALSE(BankCardValidator::luhn("6225881414207431"));
}

TEST(BankCardValidator, PlainAndGrouped) {
  EXPECT_EQ(values("card 6225881414207430 ok", "bank_card"), V{"6225881414207430"});
  EXPECT_EQ(values("card 6225 8814 1420 7430 ok", "bank_card"), V{"6225881414207430"});
  EXPECT_EQ(values("card 6225-8814-1420-7430", "bank_card"), V{"6225881414207430"});
  EXPECT_EQ(values("card 6222 0202 0011 2233 446.", "bank_card"), V{"6222020200112233446"});
  EXPECT_EQ(values("card 6222020200112233446", "bank_card"), V{"6222020200112233446"});
}

TEST(BankCardValidator, Decoys) {
  EXPECT_EQ(values("6225881414207431", "bank_card"), V{});       // Luhn fails
  EXPECT_EQ(values("16225881414207430", "bank_card"), V{});      // inside a longer run
  EXPECT_EQ(values("6225 8814-1420 7430", "bank_card"), V{});    // mixed separators
  EXPECT_EQ(values("4563512600991090527", "bank_card"), V{});    // not a 62/60 card
  EXPECT_EQ(values("1.6225881414207430e10", "bank_card"), V{});  // a float's digits
}

TEST(BankCardValidator, Masks) {
  EXPECT_EQ(BankCardValidator().mask("6222020200112233446"), "6222***********3446");
  EXPECT_EQ(BankCardValidator().mask("6225881414207430"), "6225********7430");
}

TEST(EmailValidator, Forms) {
  EXPECT_EQ(values("mail Zhang.Wei@Example.CN.", "email"), V{"zhang.wei@example.cn"});
  EXPECT_EQ(values("<a@mail.example.com.cn>", "email"), V{"a@mail.example.com.cn"});
  EXPECT_EQ(values("x 12345678@qq.com", "email"), V{"12345678@qq.com"});
  EXPECT_EQ(values("a..b@qq.com", "email"), V{});
  EXPECT_EQ(values("user@-bad.com", "email"), V{});
  EXPECT_EQ(values("image@2x.png1", "email"), V{});
}

}  // namespace
}  // namespace dlp::test
