#pragma once
#include <cstdint>
#include <string>

namespace dlp {

// Appends code point `cp` encoded as UTF-8.
void append_utf8(std::string& out, std::uint32_t cp);

}  // namespace dlp
