#pragma once
#include <string>
#include <string_view>

namespace dlp {

// Text safe inside one line of a syslog or CEF message: invalid UTF-8 bytes
// become U+FFFD and control characters a space, so a hostile value can
// neither break the line framing nor the collector's UTF-8 decoding.
std::string printable_utf8(std::string_view s);

// The length of the valid UTF-8 sequence starting at s[i], or 0.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

}  // namespace dlp
