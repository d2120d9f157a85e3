#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "detect/scan/text_form.hpp"
#include "detect/scan/text_window.hpp"

namespace dlp {

// The header of a CSV/TSV table in a stream: a header cell counts as the
// keyword for its whole column, and a keyword-bound type
// (姓名, 地址 ...) is read from the cells under its header. A header is a
// line whose cells hold nothing but a keyword or label; the table lasts
// until a line without its delimiter or the next header.
class TableContext {
 public:
  struct Column {
    std::size_t category;  // whose keyword or label heads it
    TextForm form;         // the encoding of the header, and so of its cells
  };
  using Cell = std::pair<std::uint64_t, std::uint64_t>;  // [start, end) stream offsets

  // A keyword or label matched at [start, end) on line `line`: if it fills
  // its cell, it heads that column.
  void keyword(const TextWindow& w, std::uint64_t start, std::uint64_t end, std::uint64_t line, std::size_t category,
               TextForm form);
  // The column of a value that starts at `start` on line `line`, if it is
  // under a header.
  const Column* column_of(const TextWindow& w, std::uint64_t start, std::uint64_t line) const;
  // Line `line` ended at the '\n' at offset `newline`: its cells under the
  // given headers, as UTF-8 without surrounding quotes and spaces; a line
  // without the delimiter ends the table.
  void end_line(const TextWindow& w, std::uint64_t newline, std::uint64_t line,
                std::vector<std::pair<const Column*, std::string>>& cells);
  bool active() const { return !columns_.empty(); }
  std::size_t memory_bytes() const { return columns_.capacity() * sizeof(std::optional<Column>); }

 private:
  std::vector<std::optional<Column>> columns_;
  char delimiter_ = ',';
  std::uint64_t header_line_ = 0;
};

}  // namespace dlp
