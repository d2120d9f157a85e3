#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace dlp {

// "ADDR:PORT" or "[IPv6]:PORT", as the listen options take them: the
// address's text (brackets removed) and a port from 1 to 65535; false when
// either is missing or bad (the address itself is checked by its user).
bool parse_host_port(std::string_view spec, std::string& host, std::uint16_t& port);

}  // namespace dlp
