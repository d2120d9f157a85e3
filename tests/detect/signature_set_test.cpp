#include <gtest/gtest.h>

#include "detect/scan_helper.hpp"
#include "detect/signatures/pattern_database.hpp"

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

const char* kValid = "[signature]\nid = 7\nname = n\ncategory = c\ntier = B\nvalidator = email\npattern = a@b\\.cn\n";

TEST(SignatureSet, ParsesTheRepositorySet) {
  const auto& set = test::default_signatures();
  ASSERT_EQ(set.signatures().size(), 29u);
  EXPECT_EQ(set.categories(), (std::vector<std::string>{"account_credentials",
                                                        "bank_card",
                                                        "cn_landline",
                                                        "cn_mobile",
                                                        "cn_resident_id",
                                                        "email",
                                                        "hk_id",
                                                        "tw_id",
                                                        "cn_passport",
                                                        "hk_macau_permit",
                                                        "mainland_travel_permit",
                                                        "person_name",
                                                        "address",
                                                        "qq",
                                                        "wechat_id",
                                                        "medical_record_no",
                                                        "insurance_policy_no",
                                                        "courier_waybill",
                                                        "imei",
                                                        "iccid",
                                                        "imsi",
                                                        "uscc",
                                                        "uscc_sole_proprietor",
                                                        "vehicle_plate",
                                                        "vin"}));
}

TEST(SignatureSet, ErrorsNameFileAndLine) {
  EXPECT_EQ(error_of(kValid), "no error");
  EXPECT_EQ(error_of("id = 1\n"), "bad.sig:1: a key outside a [signature] section");
  EXPECT_EQ(error_of("[signature]\nid = x1\n"), "bad.sig:2: id 'x1' is not a positive number");
  EXPECT_EQ(error_of("[signature]\n# c\nnoequals\n"), "bad.sig:3: expected 'key = value'");
  EXPECT_EQ(error_of("[signature]\nvalidator = crc\n"), "bad.sig:2: unknown validator 'crc'");
  EXPECT_EQ(error_of("[signature]\ncolour = red\n"), "bad.sig:2: unknown key 'colour'");
  EXPECT_EQ(error_of("[signature]\ntier = D\n"), "bad.sig:2: tier 'D' is not A, B, C or none");
  EXPECT_EQ(error_of("[signature]\nmin_values = 0\n"), "bad.sig:2: min_values '0' is not a number from 1 to 1000000");
  EXPECT_EQ(error_of("[signature]\nid = 1\nname = n\ncategory = c\nvalidator = email\npattern = x\n"),
            "bad.sig:1: signature has no 'tier'");
  EXPECT_EQ(error_of("[signature]\nid = 1\n"), "bad.sig:1: signature has no 'category'");
  EXPECT_EQ(error_of(std::string(kValid) + kValid), "bad.sig:8: signature id 7 already used at bad.sig:1");
  EXPECT_EQ(error_of("[rules]\n"), "bad.sig:1: unknown section '[rules]'");
  EXPECT_EQ(error_of("[signature]\nrequire_keyword = maybe\n"), "bad.sig:2: 'require_keyword' is 'yes' or 'no'");
  EXPECT_EQ(error_of("[signature]\nid = 1\nname = n\ncategory = c\ntier = C\nvalidator = qq\npattern = x\n"),
            "bad.sig:1: validator 'qq' reads a labelled value: give it 'label' lines, not 'pattern'");
  EXPECT_EQ(error_of("[signature]\nid = 1\nname = n\ncategory = c\ntier = C\nvalidator = email\nlabel = x\n"),
            "no error");  // a token validator after a label
  EXPECT_EQ(error_of(""), "bad.sig: no signatures");
}

TEST(SignatureSet, MaskedPatternsAndSampleValues) {
  auto set =
      SignatureSet::parse(std::string(kValid) + "masked_pattern = a\\*+@b\\.cn\nsample_value = a@b.cn\n", "ok.sig", {});
  const Signature& s = set.signatures().front();
  EXPECT_EQ(s.tier, LegalTier::B);
  ASSERT_EQ(s.masked_patterns.size(), 1u);
  EXPECT_EQ(s.masked_patterns[0].regex, "a\\*+@b\\.cn");
  EXPECT_EQ(s.masked_patterns[0].source.line, 8);
  EXPECT_EQ(s.sample_values, std::unordered_set<std::string>{"a@b.cn"});
  std::string broken = std::string(kValid) + "masked_pattern = (\n";
  EXPECT_EQ(error_of(broken).rfind("bad.sig:8: pattern does not compile: ", 0), 0u) << error_of(broken);
}

TEST(SignatureSet, PatternThatDoesNotCompileNamesItsLine) {
  std::string text = std::string(kValid) + "pattern = (unclosed\n";
  EXPECT_EQ(error_of(text).rfind("bad.sig:8: pattern does not compile: ", 0), 0u) << error_of(text);
}

}  // namespace
}  // namespace dlp
