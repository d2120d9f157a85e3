#include "app/db/db_limits.hpp"

#include "common/printable.hpp"

namespace dlp {

std::string quoted_statement(std::string_view sql, const DbLimits& limits) {
  std::size_t cut = std::min(sql.size(), limits.max_statement_bytes);
  while (cut > 0 && cut < sql.size() && (static_cast<std::uint8_t>(sql[cut]) & 0xC0) == 0x80) --cut;
  return printable_utf8(sql.substr(0, cut));
}

}  // namespace dlp
