#include "app/db/tds_types.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <bit>

#include "app/file/utf16_decoder.hpp"

namespace dlp {

namespace {

// MS-TDS 2.2.5.4.1-3: the data type identifiers.
enum : std::uint8_t {
  kNull = 0x1F,
  kInt1 = 0x30,
  kBit = 0x32,
  kInt2 = 0x34,
  kInt4 = 0x38,
  kDateTim4 = 0x3A,
  kFlt4 = 0x3B,
  kMoney = 0x3C,
  kDateTime = 0x3D,
  kFlt8 = 0x3E,
  kMoney4 = 0x7A,
  kInt8 = 0x7F,
  kGuid = 0x24,
  kIntN = 0x26,
  kDecimalN = 0x6A,
  kNumericN = 0x6C,
  kBitN = 0x68,
  kFltN = 0x6D,
  kMoneyN = 0x6E,
  kDateTimeN = 0x6F,
  kDateN = 0x28,
  kTimeN = 0x29,
  kDateTime2N = 0x2A,
  kDateTimeOffsetN = 0x2B,
  kBigVarBin = 0xA5,
  kBigVarChr = 0xA7,
  kBigBinary = 0xAD,
  kBigChar = 0xAF,
  kNVarChar = 0xE7,
  kNChar = 0xEF,
  kXml = 0xF1,
  kText = 0x23,
  kImage = 0x22,
  kNText = 0x63,
};

constexpr std::uint64_t kPlpNull = ~std::uint64_t{0};
constexpr std::int64_t kDaysTo1970From0001 = 719162, kDaysTo1970From1900 = 25567;

std::uint32_t fixed_size(std::uint8_t id) {
  switch (id) {
    case kNull: return 0;
    case kInt1:
    case kBit: return 1;
    case kInt2: return 2;
    case kInt4:
    case kDateTim4:
    case kFlt4:
    case kMoney4: return 4;
    case kMoney:
    case kDateTime:
    case kFlt8:
    case kInt8: return 8;
    default: return ~0u;
  }
}

std::string day(std::int64_t days_since_1970) {
  const date::year_month_day d{date::sys_days{date::days{days_since_1970}}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                     static_cast<unsigned>(d.day()));
}

std::string clock(std::uint64_t units, std::uint8_t scale) {
  std::uint64_t per_second = 1;
  for (int i = 0; i < scale; ++i) per_second *= 10;
  const std::uint64_t s = units / per_second;
  std::string out = fmt::format("{:02}:{:02}:{:02}", s / 3600 % 24, s / 60 % 60, s % 60);
  if (scale > 0 && units % per_second) out += fmt::format(".{:0{}}", units % per_second, scale);
  return out;
}

std::string decimal(ByteSpan b, std::uint8_t scale) {
  if (b.empty() || b.size() > 17) return {};
  unsigned __int128 magnitude = 0;
  for (std::size_t i = b.size(); i-- > 1;) magnitude = magnitude << 8 | b[i];
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude > 0);
  if (scale > 0) {
    if (digits.size() <= scale) digits.insert(0, scale + 1 - digits.size(), '0');
    digits.insert(digits.size() - scale, 1, '.');
  }
  return (b[0] == 0 ? "-" : "") + digits;
}

std::string money(std::int64_t ten_thousandths) {
  const char* sign = ten_thousandths < 0 ? "-" : "";
  const std::uint64_t m = ten_thousandths < 0 ? 0 - static_cast<std::uint64_t>(ten_thousandths) : ten_thousandths;
  return fmt::format("{}{}.{:04}", sign, m / 10000, m % 10000);
}

std::string guid(ByteSpan b) {
  if (b.size() != 16) return {};
  return fmt::format(
      "{:02X}{:02X}{:02X}{:02X}-{:02X}{:02X}-{:02X}{:02X}-{:02X}{:02X}-{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}", b[3],
      b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

// A value of a fixed length (or of an N type's length) as text.
std::string scalar(std::uint8_t id, ByteSpan b, std::uint8_t scale) {
  WireReader r(b);
  const std::size_t n = b.size();
  switch (id) {
    case kInt1: return fmt::format("{}", r.le(1));
    case kBit:
    case kBitN: return r.le(1) ? "1" : "0";
    case kInt2:
    case kInt4:
    case kInt8:
    case kIntN: {
      if (n != 1 && n != 2 && n != 4 && n != 8) return {};  // not an integer's size
      const unsigned shift = static_cast<unsigned>(64 - 8 * n);
      return n == 1 ? fmt::format("{}", r.le(1))
                    : fmt::format("{}", static_cast<std::int64_t>(r.le(n) << shift) >> shift);
    }
    case kFlt4:
    case kFlt8:
    case kFltN:
      return n == 4 ? fmt::format("{}", std::bit_cast<float>(static_cast<std::uint32_t>(r.le(4))))
                    : fmt::format("{}", std::bit_cast<double>(r.le(8)));
    case kMoney4:
    case kMoney:
    case kMoneyN: {
      if (n == 4) return money(static_cast<std::int32_t>(r.le(4)));
      const std::uint64_t high = r.le(4), low = r.le(4);
      return money(static_cast<std::int64_t>(high << 32 | low));
    }
    case kDateTim4:
    case kDateTime:
    case kDateTimeN: {
      if (n == 4) {
        const std::uint64_t days = r.le(2), minutes = r.le(2);
        return day(static_cast<std::int64_t>(days) - kDaysTo1970From1900) + " " + clock(minutes * 60, 0);
      }
      const auto days = static_cast<std::int32_t>(r.le(4));
      const std::uint64_t ticks = r.le(4);  // 1/300 s
      return day(days - kDaysTo1970From1900) + " " + clock(ticks * 1000 / 300, 3);
    }
    case kDecimalN:
    case kNumericN: return decimal(b, scale);
    case kGuid: return guid(b);
    case kDateN: return day(static_cast<std::int64_t>(r.le(3)) - kDaysTo1970From0001);
    case kTimeN: return clock(r.le(n), scale);
    case kDateTime2N:
    case kDateTimeOffsetN: {
      const std::size_t time_bytes = n - 3 - (id == kDateTimeOffsetN ? 2 : 0);
      if (n < 3 || time_bytes > 5) return {};
      const std::string time = clock(r.le(time_bytes), scale);
      return day(static_cast<std::int64_t>(r.le(3)) - kDaysTo1970From0001) + " " + time;
    }
    default: return std::string(as_chars(b));
  }
}

// A PLP value (partially length-prefixed): a total length, then chunks
// until an empty one.
bool read_plp(WireReader& r, std::string& bytes) {
  if (r.le(8) == kPlpNull) return false;
  for (std::uint64_t chunk = r.le(4); r.ok() && chunk > 0; chunk = r.le(4)) bytes.append(as_chars(r.bytes(chunk)));
  return true;
}

}  // namespace

std::string utf16le_to_utf8(ByteSpan text) {
  Utf16Decoder decoder(false);
  std::string out;
  decoder.write(text, out);
  return out;
}

bool read_tds_type(WireReader& r, TdsType& t) {
  t = {};
  t.id = static_cast<std::uint8_t>(r.le(1));
  t.unicode = t.id == kNVarChar || t.id == kNChar || t.id == kNText || t.id == kXml;
  if ((t.size = fixed_size(t.id)) != ~0u) return r.ok();
  switch (t.id) {
    case kGuid:
    case kIntN:
    case kBitN:
    case kFltN:
    case kMoneyN:
    case kDateTimeN:
      t.length = TdsType::Length::byte;
      r.skip(1);
      return r.ok();
    case kDecimalN:
    case kNumericN:
      t.length = TdsType::Length::byte;
      r.skip(2);  // the length, the precision
      t.scale = static_cast<std::uint8_t>(r.le(1));
      return r.ok();
    case kDateN: t.length = TdsType::Length::byte; return r.ok();
    case kTimeN:
    case kDateTime2N:
    case kDateTimeOffsetN:
      t.length = TdsType::Length::byte;
      t.scale = static_cast<std::uint8_t>(r.le(1));
      return r.ok() && t.scale <= 7;
    case kBigVarBin:
    case kBigVarChr:
    case kBigBinary:
    case kBigChar:
    case kNVarChar:
    case kNChar:
      t.length = r.le(2) == 0xFFFF ? TdsType::Length::plp : TdsType::Length::ushort;
      if (t.id != kBigVarBin && t.id != kBigBinary) r.skip(5);  // collation
      return r.ok();
    case kText:
    case kNText:
    case kImage:
      t.length = TdsType::Length::text;
      t.textptr = true;
      r.skip(4);
      if (t.id != kImage) r.skip(5);
      return r.ok();
    case kXml:
      t.length = TdsType::Length::plp;
      if (r.le(1) != 0) {  // a schema collection: its database, owner and name
        r.skip(r.le(1) * 2);
        r.skip(r.le(1) * 2);
        r.skip(r.le(2) * 2);
      }
      return r.ok();
    default: return false;
  }
}

bool read_tds_value(WireReader& r, const TdsType& t, std::string& out) {
  out.clear();
  std::string bytes;
  switch (t.length) {
    case TdsType::Length::fixed:
      if (t.id == kNull) return false;
      out = scalar(t.id, r.bytes(t.size), t.scale);
      return r.ok();
    case TdsType::Length::byte: {
      const std::uint64_t n = r.le(1);
      if (n == 0) return false;
      out = scalar(t.id, r.bytes(n), t.scale);
      return r.ok();
    }
    case TdsType::Length::ushort: {
      const std::uint64_t n = r.le(2);
      if (n == 0xFFFF) return false;
      bytes = as_chars(r.bytes(n));
      break;
    }
    case TdsType::Length::plp:
      if (!read_plp(r, bytes)) return false;
      break;
    case TdsType::Length::text: {
      const std::uint64_t pointer = r.le(1);
      if (pointer == 0) return false;
      r.skip(pointer + 8);  // the text pointer and its timestamp
      bytes = as_chars(r.bytes(r.le(4)));
      break;
    }
  }
  out = t.unicode ? utf16le_to_utf8(as_bytes(bytes)) : std::move(bytes);
  return r.ok();
}

}  // namespace dlp
