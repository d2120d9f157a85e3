#include "app/db/result_table.hpp"

#include <cctype>

namespace dlp {

namespace {

// Where to cut a long value near kCellBytes: between characters, and not
// inside a run of letters and digits (a number must not be split).
std::size_t cut_of(std::string_view value) {
  std::size_t cut = ResultTable::kCellBytes;
  const auto inside = [&](std::size_t at) {
    return (static_cast<unsigned char>(value[at]) & 0xC0) == 0x80 ||
           (std::isalnum(static_cast<unsigned char>(value[at])) &&
            std::isalnum(static_cast<unsigned char>(value[at - 1])));
  };
  while (cut > ResultTable::kCellBytes / 2 && inside(cut)) --cut;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

}  // namespace

void ResultTable::begin(const ContentContext& context, ContentSink& sink) {
  if (open_) end(sink);
  context_ = context;
  sink.begin(context_);
  open_ = true;
  in_header_ = true;
  header_.clear();
}

void ResultTable::append(std::string& to, std::string_view value) {
  for (const char c : value) to.push_back(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
}

void ResultTable::cell(std::string_view value) {
  if (!first_cell_) line_.push_back('\t');
  first_cell_ = false;
  if (value.size() <= kCellBytes) return append(line_, value);
  const std::size_t cut = cut_of(value);
  append(line_, value.substr(0, cut));
  append(spill_, value.substr(cut));
  spill_.push_back('\n');
}

void ResultTable::end_row(ContentSink& sink) {
  line_.push_back('\n');
  sink.data(as_bytes(line_));
  if (in_header_) header_ = line_;
  in_header_ = false;
  line_.clear();
  first_cell_ = true;
  if (spill_.size() >= kSpillBytes) flush_spill(sink, true);
}

void ResultTable::flush_spill(ContentSink& sink, bool table_goes_on) {
  sink.end();
  sink.begin(context_);
  sink.data(as_bytes(spill_));
  sink.end();
  spill_.clear();
  if (!table_goes_on) return;
  sink.begin(context_);
  sink.data(as_bytes(header_));
}

void ResultTable::end(ContentSink& sink) {
  if (!open_) return;
  if (!first_cell_) end_row(sink);
  if (spill_.empty())
    sink.end();
  else
    flush_spill(sink, false);
  open_ = false;
}

}  // namespace dlp
