#include <gtest/gtest.h>

#include "detect/signatures/destination_kinds.hpp"
#include "detect/signatures/signature_set.hpp"

namespace dlp::destination_test {

std::string error_of(const std::string& text) {
  try {
    DestinationKinds::parse(text, "list");
  } catch (const SignatureError& e) {
    return e.what();
  }
  return "";
}

TEST(DestinationKinds, TheShippedListReads) {
  const auto list = DestinationKinds::load(DLP_DEFAULT_SIGNATURES "/destinations.list");
  EXPECT_GE(list.size(), 80u);
  EXPECT_EQ(list.kind_of("pan.baidu.com"), "cloud_storage");
  EXPECT_EQ(list.kind_of("chat.deepseek.com"), "ai_service");
  EXPECT_EQ(list.kind_of("mail.qq.com"), "personal_mail");
  EXPECT_EQ(list.kind_of("www.baidu.com"), "");
}

TEST(DestinationKinds, LongestSuffixInAnyCaseWithoutPortOrDot) {
  const auto list = DestinationKinds::parse("# kinds\nim qq.com\ncloud_storage weiyun.qq.com  # drive\n\n", "l");
  EXPECT_EQ(list.size(), 2u);
  EXPECT_EQ(list.kind_of("WWW.Weiyun.QQ.com"), "cloud_storage");
  EXPECT_EQ(list.kind_of("weiyun.qq.com:443"), "cloud_storage");
  EXPECT_EQ(list.kind_of("wx.qq.com."), "im");
  EXPECT_EQ(list.kind_of("qq.com"), "im");
  EXPECT_EQ(list.kind_of("notqq.com"), "");
  EXPECT_EQ(list.kind_of("com"), "");
  EXPECT_EQ(list.kind_of(""), "");
}

TEST(DestinationKinds, BadLinesNameFileAndLine) {
  EXPECT_EQ(error_of("im qq.com\nim\n"), "list:2: expected a kind and a domain suffix");
  EXPECT_EQ(error_of("im qq.com extra\n"), "list:1: expected a kind and a domain suffix");
  EXPECT_EQ(error_of("Cloud x.com\n"), "list:1: 'Cloud' is not a kind (lower-case letters, digits, _)");
  EXPECT_EQ(error_of("im localhost\n"), "list:1: 'localhost' is not a domain suffix");
  EXPECT_EQ(error_of("im a..b\n"), "list:1: 'a..b' is not a domain suffix");
  EXPECT_EQ(error_of("im qq.com\npaste QQ.com\n"), "list:2: 'qq.com' is listed twice");
  EXPECT_THROW(DestinationKinds::load("/nonexistent/list"), SignatureError);
  EXPECT_EQ(DestinationKinds::load("").size(), 0u);
}

}  // namespace dlp::destination_test
