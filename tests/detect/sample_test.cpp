#include <gtest/gtest.h>

#include "detect/findings/sample.hpp"
#include "detect/validators/mobile_validator.hpp"

namespace dlp {
namespace {

TEST(Sample, HmacSha256KnownVector) {
  EXPECT_EQ(hmac_sha256_hex("key", "The quick brown fox jumps over the lazy dog"),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
}

TEST(Sample, Modes) {
  MobileValidator v;
  EXPECT_EQ(sample_of(SampleMode::masked, v, "13812345678", ""), "138****5678");
  EXPECT_EQ(sample_of(SampleMode::hmac, v, "13812345678", "soc-secret"), "hmac:b3613d67999d0be9");
  EXPECT_EQ(sample_of(SampleMode::none, v, "13812345678", ""), "");
  EXPECT_EQ(sample_of(SampleMode::clear, v, "13812345678", ""), "13812345678");
  SampleMode m;
  EXPECT_TRUE(parse_sample_mode("hmac", m));
  EXPECT_EQ(m, SampleMode::hmac);
  EXPECT_FALSE(parse_sample_mode("plain", m));
}

}  // namespace
}  // namespace dlp
