#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "common/wire_reader.hpp"

namespace dlp {

// A length-encoded integer; NULL (0xFB) and 0xFF fail the reader.
std::uint64_t mysql_lenenc(WireReader& r);
inline std::string_view mysql_lenenc_string(WireReader& r) { return as_chars(r.bytes(mysql_lenenc(r))); }

// One value of a binary protocol row (COM_STMT_EXECUTE's answer) of MySQL
// column type `type`, as the text protocol would have sent it: integers in
// decimal, dates as 2024-05-01 10:00:00, strings and decimals as they are.
std::string mysql_binary_value(WireReader& r, std::uint8_t type, bool is_unsigned);

}  // namespace dlp
