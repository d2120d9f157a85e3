#include <gtest/gtest.h>

#include <fmt/format.h>

#include "detect/scan/text_form.hpp"
#include "detect/scan_helper.hpp"

namespace dlp::test {
namespace {

// The accounts the scan found in `text`, in order.
std::vector<std::string> accounts_in(const std::string& text) {
  std::vector<std::string> out;
  for (const Found& f : scan(text))
    if (f.category == "account_credentials") out.push_back(f.value);
  return out;
}

using Accounts = std::vector<std::string>;

TEST(AccountList, TheAccountMarketsFormats) {
  EXPECT_EQ(accounts_in("2843017765----a1b2c3d4\n"), Accounts{"2843017765"});
  EXPECT_EQ(accounts_in("13812345678----pass----备注\r\n"), Accounts{"13812345678"});
  EXPECT_EQ(accounts_in("Wang.Fang@163.com:password\n"), Accounts{"wang.fang@163.com"});
  EXPECT_EQ(accounts_in("2843017765|a1b2c3d4|2024-01-01\n"), Accounts{"2843017765"});
  EXPECT_EQ(accounts_in("2843017765\ta1b2c3d4\n"), Accounts{"2843017765"});
  EXPECT_EQ(accounts_in("wxid_abc123----Passw0rd!\n"), Accounts{"wxid_abc123"});
  // The last line of a file, and one indented.
  EXPECT_EQ(accounts_in("  2843017765----a1b2c3d4"), Accounts{"2843017765"});
}

TEST(AccountList, LinesOfAJsonStringAndOfAnArray) {
  EXPECT_EQ(accounts_in(R"({"text":"2843017765----a1b2c3d4\n2843017766----b2c3d4e5\n"})"),
            (Accounts{"2843017765", "2843017766"}));
  EXPECT_EQ(accounts_in(R"(["a@qq.com:abc12345","b@qq.com:bcd23456"])"), (Accounts{"a@qq.com", "b@qq.com"}));
}

TEST(AccountList, InGbkTheNoteAfterTheSecretIsNotRead) {
  const auto gbk = utf8_to_gbk("13812345678----pass----备注\n");
  ASSERT_TRUE(gbk);
  EXPECT_EQ(accounts_in(*gbk), Accounts{"13812345678"});
}

TEST(AccountList, DecoysGiveNothing) {
  for (const char* text : {
           "12:30:45 2024-01-01T12:30:45+08:00 version 1.2.3:beta\n",
           "20240101:release1\n",
           "level: info\nhost: db1\nuser: admin\n",
           "a:hover{color:red}\nli:first-child{}\n",
           "10.0.0.1:8080\n10.0.0.2:8080\ndb.example.com:5432\n",
           "git@github.com:org/repo.git\n",
           "[db]\npassword = s3cret!\n",
           "----------\n----\n",
           "10023\tZhangSan\n10024\tLiSi\n",
           "10023\tabc123\t138\n",
           "12345678:123456\n",
           "see 2843017765----a1b2c3d4 here\n",
           "2843017765----a1b2c3d4 and more\n",
           "alice@example.com: login failed\n",
       })
    EXPECT_EQ(accounts_in(text), Accounts{}) << text;
}

TEST(AccountLabels, ALoginAndAPasswordAfterTheirLabels) {
  EXPECT_EQ(accounts_in("账号：zhangsan 密码：abc123\n"), Accounts{"zhangsan"});
  EXPECT_EQ(accounts_in("account=ZhangSan&password=abc123&x=1"), Accounts{"zhangsan"});
  EXPECT_EQ(accounts_in(R"({"username":"13812345678","pwd":"abc123"})"), Accounts{"13812345678"});
  const auto gbk = utf8_to_gbk("帐号:2843017765,密码:a1b2c3d4\n");
  ASSERT_TRUE(gbk);
  EXPECT_EQ(accounts_in(*gbk), Accounts{"2843017765"});
  // A password on the next line is a configuration's, not a pair.
  EXPECT_EQ(accounts_in("username = admin\npassword = s3cret!\n"), Accounts{});
}

TEST(AccountCredentials, MaskedWithoutTheSecretAndReportedFromTenAccounts) {
  const Signature& sig = signature_of("account_credentials");
  EXPECT_EQ(sig.validator->mask("2843017765"), "284****765 / ********");
  EXPECT_EQ(sig.validator->mask("wang.fang@163.com"), "w***@163.com / ********");
  EXPECT_EQ(sig.tier, LegalTier::B);
  std::string nine, ten;
  for (int i = 0; i < 10; ++i) (i < 9 ? nine : ten) += fmt::format("28430177{:02}----a1b2c3d{}\n", i, i);
  ten = nine + ten;
  auto counted = [](const std::vector<Alert>& alerts) {
    for (const Alert& a : alerts)
      if (a.category == "account_credentials") return a.distinct;
    return std::uint64_t{0};
  };
  EXPECT_EQ(counted(alerts_of(nine)), 0u);
  EXPECT_EQ(counted(alerts_of(ten)), 10u);
  for (const Alert& a : alerts_of(ten))
    for (const std::string& sample : a.samples) EXPECT_EQ(sample.find("a1b2"), std::string::npos) << sample;
}

}  // namespace
}  // namespace dlp::test
