#pragma once
#include <string>
#include <string_view>

#include "app/content_sink.hpp"

namespace dlp {

// A database result set laid out for detection as a table: a header line of
// its column names, then one line per row, cells separated by tabs (so that
// a column named 身份证号 or mobile grades its cells as a CSV header does,
// and each row is a record). Tabs and line ends inside a value become
// spaces; NULL is an empty cell.
class ResultTable {
 public:
  // A result set starts; its first row is the columns' names.
  void begin(const ContentContext& context, ContentSink& sink);
  void cell(std::string_view value);
  void null_cell() { cell({}); }
  void end_row(ContentSink& sink);
  void end(ContentSink& sink);
  bool open() const { return open_; }

 private:
  void append(std::string_view value);
  std::string line_;  // reused
  bool first_cell_ = true;
  bool open_ = false;
};

}  // namespace dlp
