#include "detect/scan/table_context.hpp"

namespace dlp {

namespace {

// Lines longer than this are not read back as table rows.
constexpr std::uint64_t kMaxLine = 1024;

bool is_delimiter(int c) { return c == ',' || c == '\t'; }

// Where the line holding `pos` starts, or nothing when it began too far back
// to be read.
std::optional<std::uint64_t> line_start(const TextWindow& w, std::uint64_t pos) {
  for (std::uint64_t n = 0; n < kMaxLine; ++n, --pos) {
    if (pos == 0) return 0;
    int c = w.at(pos - 1);
    if (c == '\n') return pos;
    if (c < 0) return pos;  // the start of the stream, or of what is known after a gap
  }
  return std::nullopt;
}

// The cells of [start, end), split at `delimiter` outside double quotes.
std::vector<TableContext::Cell> split(const TextWindow& w, std::uint64_t start, std::uint64_t end, char delimiter) {
  std::vector<TableContext::Cell> cells;
  bool quoted = false;
  std::uint64_t cell = start;
  for (std::uint64_t off = start; off < end; ++off) {
    int c = w.at(off);
    if (c == '"')
      quoted = !quoted;
    else if (c == delimiter && !quoted) {
      cells.emplace_back(cell, off);
      cell = off + 1;
    }
  }
  cells.emplace_back(cell, end);
  return cells;
}

}  // namespace

void TableContext::keyword(const TextWindow& w, std::uint64_t start, std::uint64_t end, std::uint64_t line,
                           std::size_t category, TextForm form) {
  std::uint64_t before = start, after = end;
  if (w.at(before - 1) == '"') --before;
  if (w.at(after) == '"') ++after;
  const int left = w.at(before - 1), right = w.at(after);
  const bool left_ok = left < 0 || left == '\n' || is_delimiter(left);
  const bool right_ok = right == '\r' || right == '\n' || is_delimiter(right);
  if (!left_ok || !right_ok || (!is_delimiter(left) && !is_delimiter(right))) return;
  const char delimiter = static_cast<char>(is_delimiter(left) ? left : right);
  auto from = line_start(w, before);
  if (!from) return;
  const std::size_t column = split(w, *from, before, delimiter).size() - 1;
  if (!active() || line != header_line_ || delimiter != delimiter_) {
    columns_.clear();
    header_line_ = line;
    delimiter_ = delimiter;
  }
  if (column >= 256) return;  // not a table anyone reads
  if (columns_.size() <= column) columns_.resize(column + 1);
  if (!columns_[column]) columns_[column] = Column{category, form};
}

const TableContext::Column* TableContext::column_of(const TextWindow& w, std::uint64_t start,
                                                    std::uint64_t line) const {
  if (!active() || line <= header_line_) return nullptr;
  auto from = line_start(w, start);
  if (!from) return nullptr;
  const std::size_t column = split(w, *from, start, delimiter_).size() - 1;
  return column < columns_.size() && columns_[column] ? &*columns_[column] : nullptr;
}

void TableContext::end_line(const TextWindow& w, std::uint64_t newline, std::uint64_t line,
                            std::vector<std::pair<const Column*, std::string>>& cells) {
  if (!active() || line <= header_line_) return;
  auto from = line_start(w, newline);
  if (!from) return;
  auto parts = split(w, *from, newline, delimiter_);
  if (parts.size() == 1) {
    columns_.clear();
    return;
  }
  for (std::size_t i = 0; i < parts.size() && i < columns_.size(); ++i) {
    if (!columns_[i]) continue;
    // Quotes, spaces and a CR around the cell are not part of its value.
    auto [from_cell, to_cell] = parts[i];
    auto blank = [](int c) { return c == ' ' || c == '"' || c == '\r'; };
    while (from_cell < to_cell && blank(w.at(from_cell))) ++from_cell;
    while (to_cell > from_cell && blank(w.at(to_cell - 1))) --to_cell;
    FormReader reader(w, from_cell, to_cell, columns_[i]->form);
    std::string text;
    while (auto ch = reader.next()) text += *ch;
    if (reader.pos() == to_cell && !text.empty()) cells.emplace_back(&*columns_[i], std::move(text));
  }
}

}  // namespace dlp
