#pragma once
#include <cstdint>
#include <string>

#include "common/wire_reader.hpp"

namespace dlp {

// A column's or parameter's TYPE_INFO (MS-TDS 2.2.5.4): how its values are
// laid out on the wire.
struct TdsType {
  enum class Length : std::uint8_t { fixed, byte, ushort, plp, text };
  std::uint8_t id = 0;
  Length length = Length::fixed;
  std::uint32_t size = 0;  // of a fixed-length value
  std::uint8_t scale = 0;  // decimals, fractional seconds
  bool unicode = false;    // UTF-16LE text (NCHAR, NVARCHAR, NTEXT, XML)
  bool textptr = false;    // TEXT, NTEXT, IMAGE: a table name follows in COLMETADATA
};

// Reads a TYPE_INFO; false for a type this reader cannot lay out (a CLR
// UDT, sql_variant), after which the stream cannot be followed.
bool read_tds_type(WireReader& r, TdsType& type);

// Reads one value of `type` as text (numbers in decimal, dates as
// 2024-05-01 10:00:00, text as UTF-8); false for NULL.
bool read_tds_value(WireReader& r, const TdsType& type, std::string& out);

// UTF-16LE to UTF-8.
std::string utf16le_to_utf8(ByteSpan text);

}  // namespace dlp
