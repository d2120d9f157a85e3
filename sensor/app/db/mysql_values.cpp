#include "app/db/mysql_values.hpp"

#include <fmt/format.h>

#include <bit>

namespace dlp {

namespace {

// MySQL's field types (enum_field_types).
enum Type : std::uint8_t {
  kTiny = 1,
  kShort = 2,
  kLong = 3,
  kFloat = 4,
  kDouble = 5,
  kNull = 6,
  kTimestamp = 7,
  kLongLong = 8,
  kInt24 = 9,
  kDate = 10,
  kTime = 11,
  kDateTime = 12,
  kYear = 13,
};

std::string integer(WireReader& r, std::size_t bytes, bool is_unsigned) {
  const std::uint64_t v = r.le(bytes);
  if (is_unsigned) return fmt::format("{}", v);
  const unsigned shift = static_cast<unsigned>(64 - 8 * bytes);
  return fmt::format("{}", static_cast<std::int64_t>(v << shift) >> shift);
}

// DATE, DATETIME, TIMESTAMP: a length (0, 4, 7 or 11), then the fields it holds.
std::string date_time(WireReader& r, bool with_time) {
  const std::uint64_t length = r.le(1);
  std::uint64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, us = 0;
  if (length >= 4) y = r.le(2), mo = r.le(1), d = r.le(1);
  if (length >= 7) h = r.le(1), mi = r.le(1), s = r.le(1);
  if (length >= 11) us = r.le(4);
  if (length != 0 && length != 4 && length != 7 && length != 11) r.skip(~std::uint64_t{0});
  std::string out = fmt::format("{:04}-{:02}-{:02}", y, mo, d);
  if (with_time) out += fmt::format(" {:02}:{:02}:{:02}", h, mi, s);
  if (us > 0) out += fmt::format(".{:06}", us);
  return out;
}

// TIME: a length (0, 8 or 12), a sign, days, then the clock.
std::string time_of_day(WireReader& r) {
  const std::uint64_t length = r.le(1);
  std::uint64_t negative = 0, days = 0, h = 0, mi = 0, s = 0, us = 0;
  if (length >= 8) negative = r.le(1), days = r.le(4), h = r.le(1), mi = r.le(1), s = r.le(1);
  if (length >= 12) us = r.le(4);
  if (length != 0 && length != 8 && length != 12) r.skip(~std::uint64_t{0});
  std::string out = fmt::format("{}{:02}:{:02}:{:02}", negative ? "-" : "", days * 24 + h, mi, s);
  if (us > 0) out += fmt::format(".{:06}", us);
  return out;
}

}  // namespace

std::uint64_t mysql_lenenc(WireReader& r) {
  const std::uint64_t first = r.le(1);
  if (first < 0xFB) return first;
  if (first == 0xFC) return r.le(2);
  if (first == 0xFD) return r.le(3);
  if (first == 0xFE) return r.le(8);
  r.skip(~std::uint64_t{0});  // fails
  return 0;
}

std::string mysql_binary_value(WireReader& r, std::uint8_t type, bool is_unsigned) {
  switch (type) {
    case kTiny: return integer(r, 1, is_unsigned);
    case kShort:
    case kYear: return integer(r, 2, is_unsigned);
    case kLong:
    case kInt24: return integer(r, 4, is_unsigned);
    case kLongLong: return integer(r, 8, is_unsigned);
    case kFloat: return fmt::format("{}", std::bit_cast<float>(static_cast<std::uint32_t>(r.le(4))));
    case kDouble: return fmt::format("{}", std::bit_cast<double>(r.le(8)));
    case kNull: return {};
    case kDate: return date_time(r, false);
    case kTimestamp:
    case kDateTime: return date_time(r, true);
    case kTime: return time_of_day(r);
    default: return std::string(mysql_lenenc_string(r));  // strings, blobs, decimals, JSON, enums
  }
}

}  // namespace dlp
