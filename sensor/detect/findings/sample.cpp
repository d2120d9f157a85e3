#include "detect/findings/sample.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fmt/format.h>

namespace dlp {

const char* sample_mode_name(SampleMode mode) {
  switch (mode) {
    case SampleMode::masked: return "masked";
    case SampleMode::hmac: return "hmac";
    case SampleMode::none: return "none";
    case SampleMode::clear: return "clear";
  }
  return "masked";
}

bool parse_sample_mode(std::string_view text, SampleMode& out) {
  if (text == "masked")
    out = SampleMode::masked;
  else if (text == "hmac")
    out = SampleMode::hmac;
  else if (text == "none")
    out = SampleMode::none;
  else if (text == "clear")
    out = SampleMode::clear;
  else
    return false;
  return true;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), digest, &length);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
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
