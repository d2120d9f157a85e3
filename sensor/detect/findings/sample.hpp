#pragma once
#include <string>
#include <string_view>

#include "detect/validators/validator.hpp"

namespace dlp {

// What an alert shows of a value it found. masked (the default) keeps the
// value's shape (138****5678); hmac gives HMAC-SHA256(key, value) cut to 64
// bits, so analysts can see the same value recur across alerts without
// seeing it; none shows nothing; clear shows the value itself.
enum class SampleMode { masked, hmac, none, clear };

bool parse_sample_mode(std::string_view text, SampleMode& out);
const char* sample_mode_name(SampleMode mode);

// The sample for `value`, or "" in mode none.
std::string sample_of(SampleMode mode, const Validator& validator, std::string_view value, const std::string& hmac_key);

// Lower-case hex HMAC-SHA256 of `data` under `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

}  // namespace dlp
