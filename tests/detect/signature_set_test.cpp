#include <gtest/gtest.h>

#include "detect/pattern_database.hpp"
#include "detect/scan_helper.hpp"

namespace dlp {
namespace {

std::string error_of(const std::string& text) {
  try {
    SignatureSet set = SignatureSet::parse(text, "bad.sig", {});
    PatternDatabase db(set);
  } catch (const SignatureError& e) {
    return e.what();
  }
  return "no error";
}

const char* kValid = "[signature]\nid = 7\nname = n\ncategory = c\nvalidator = email\npattern = a@b\\.cn\n";

TEST(SignatureSet, ParsesTheRepositorySet) {
  const auto& set = test::default_signatures();
  ASSERT_EQ(set.signatures().size(), 4u);
  EXPECT_EQ(set.categories(), (std::vector<std::string>{"bank_card", "cn_mobile", "cn_resident_id", "email"}));
}

TEST(SignatureSet, ErrorsNameFileAndLine) {
  EXPECT_EQ(error_of(kValid), "no error");
  EXPECT_EQ(error_of("id = 1\n"), "bad.sig:1: a key outside a [signature] section");
  EXPECT_EQ(error_of("[signature]\nid = x1\n"), "bad.sig:2: id 'x1' is not a positive number");
  EXPECT_EQ(error_of("[signature]\n# c\nnoequals\n"), "bad.sig:3: expected 'key = value'");
  EXPECT_EQ(error_of("[signature]\nvalidator = crc\n"), "bad.sig:2: unknown validator 'crc'");
  EXPECT_EQ(error_of("[signature]\ncolour = red\n"), "bad.sig:2: unknown key 'colour'");
  EXPECT_EQ(error_of("[signature]\nseverity = loud\n"),
            "bad.sig:2: severity 'loud' is not info, warning, critical or severe");
  EXPECT_EQ(error_of("[signature]\nid = 1\n"), "bad.sig:1: signature has no 'category'");
  EXPECT_EQ(error_of(std::string(kValid) + kValid), "bad.sig:7: signature id 7 already used at bad.sig:1");
  EXPECT_EQ(error_of("[rules]\n"), "bad.sig:1: unknown section '[rules]'");
  EXPECT_EQ(error_of(""), "bad.sig: no signatures");
}

TEST(SignatureSet, PatternThatDoesNotCompileNamesItsLine) {
  std::string text = std::string(kValid) + "pattern = (unclosed\n";
  EXPECT_EQ(error_of(text).rfind("bad.sig:7: pattern does not compile: ", 0), 0u) << error_of(text);
}

}  // namespace
}  // namespace dlp
