#pragma once
#include <string>
#include <string_view>

#include "app/content_sink.hpp"

namespace dlp {

// A database result set laid out for detection as a table: a header line of
// its column names, then one line per row, cells separated by tabs (so that
// a column named 身份证号 or mobile grades its cells as a CSV header does,
// and each row is a record). Tabs and line ends inside a value become
// spaces; NULL is an empty cell. A cell keeps its first kCellBytes: the
// scan reads a row's cells back from a short history, and a long note must
// not push the name before it out. The rest of a long value is scanned
// after the rows, one value a line, in a piece of its own, and the table
// goes on with its header again.
class ResultTable {
 public:
  static constexpr std::size_t kCellBytes = 256;
  static constexpr std::size_t kSpillBytes = 64 << 10;  // held before it is scanned

  // A result set starts; its first row is the columns' names.
  void begin(const ContentContext& context, ContentSink& sink);
  void cell(std::string_view value);
  void null_cell() { cell({}); }
  void end_row(ContentSink& sink);
  void end(ContentSink& sink);
  bool open() const { return open_; }
  std::size_t memory_bytes() const { return line_.capacity() + header_.capacity() + spill_.capacity(); }

 private:
  void append(std::string& to, std::string_view value);
  // The long values' rest, scanned between two pieces of the table.
  void flush_spill(ContentSink& sink, bool table_goes_on);
  ContentContext context_;
  std::string line_;    // reused
  std::string header_;  // the first row, repeated after a spill
  std::string spill_;
  bool first_cell_ = true;
  bool in_header_ = false;
  bool open_ = false;
};

}  // namespace dlp
