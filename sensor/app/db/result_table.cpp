#include "app/db/result_table.hpp"

namespace dlp {

void ResultTable::begin(const ContentContext& context, ContentSink& sink) {
  if (open_) end(sink);
  sink.begin(context);
  open_ = true;
}

void ResultTable::append(std::string_view value) {
  for (const char c : value) line_.push_back(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
}

void ResultTable::cell(std::string_view value) {
  if (!first_cell_) line_.push_back('\t');
  first_cell_ = false;
  append(value);
}

void ResultTable::end_row(ContentSink& sink) {
  line_.push_back('\n');
  sink.data(as_bytes(line_));
  line_.clear();
  first_cell_ = true;
}

void ResultTable::end(ContentSink& sink) {
  if (!open_) return;
  if (!first_cell_) end_row(sink);
  sink.end();
  open_ = false;
}

}  // namespace dlp
