#include "detect/findings/sample.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fmt/format.h>

#include "common/enum_names.hpp"
#include "common/hex.hpp"

namespace dlp {

namespace {
constexpr EnumName<SampleMode> kSampleModes[] = {{SampleMode::masked, "masked"},
                                                 {SampleMode::hmac, "hmac"},
                                                 {SampleMode::none, "none"},
                                                 {SampleMode::clear, "clear"}};
}  // namespace

const char* sample_mode_name(SampleMode mode) { return name_of(mode, kSampleModes); }

bool parse_sample_mode(std::string_view text, SampleMode& out) { return parse_name(text, out, kSampleModes); }

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), digest, &length);
  return to_hex(digest, length);
}

std::string sample_of(SampleMode mode, const Validator& validator, std::string_view value,
                      const std::string& hmac_key) {
  switch (mode) {
    case SampleMode::masked: return validator.mask(value);
    case SampleMode::hmac: return "hmac:" + hmac_sha256_hex(hmac_key, value).substr(0, 16);
    case SampleMode::none: return {};
    case SampleMode::clear: return std::string(value);
  }
  return {};
}

}  // namespace dlp
