#include "common/uri_shape.hpp"

#include <gtest/gtest.h>

namespace dlp {
namespace {

using Numbers = std::vector<std::uint64_t>;

TEST(UriShape, NumbersStandingAloneBecomeTemplates) {
  auto s = uri_shape("/api/user/10023/profile");
  EXPECT_EQ(s.path_template, "/api/user/{n}/profile");
  EXPECT_EQ(s.numbers, Numbers{10023});
  s = uri_shape("/api/v1/orders?customer=42&page=3#top");
  EXPECT_EQ(s.path_template, "/api/v1/orders?customer={n}&page={n}");
  EXPECT_EQ(s.numbers, (Numbers{42, 3}));
  EXPECT_EQ(uri_shape("/static/md5/a1b2.js").path_template, "/static/md5/a1b2.js");
  EXPECT_EQ(uri_shape("/img/2024-01-15.png").path_template, "/img/{n}-{n}-{n}.png");
}

TEST(UriShape, AnAbsoluteTargetLosesItsSchemeAndHost) {
  EXPECT_EQ(uri_shape("http://crm.example:8080/api/customer/7").path_template, "/api/customer/{n}");
  EXPECT_EQ(uri_shape("http://crm.example").path_template, "/");
}

TEST(UriShape, LimitsOnNumbersAndLength) {
  auto s = uri_shape("/a/1/b/2/c/3/d/4");
  EXPECT_EQ(s.path_template, "/a/{n}/b/{n}/c/{n}/d/{n}");
  EXPECT_EQ(s.numbers, (Numbers{1, 2, 3}));  // kMaxNumbers
  s = uri_shape("/id/1234567890123456789012");
  EXPECT_EQ(s.path_template, "/id/{n}");
  EXPECT_TRUE(s.numbers.empty());  // more than 18 digits: templated, not kept
  EXPECT_EQ(uri_shape("/" + std::string(500, 'a')).path_template.size(), UriShape::kMaxTemplate);
}

}  // namespace
}  // namespace dlp
