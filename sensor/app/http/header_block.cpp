#include "app/http/header_block.hpp"

#include <algorithm>
#include <charconv>

namespace dlp {

namespace {

bool blank_or_control(char c) { return static_cast<unsigned char>(c) <= ' ' || c == '\x7f'; }

std::string_view trim_controls(std::string_view s) {
  while (!s.empty() && blank_or_control(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank_or_control(s.back())) s.remove_suffix(1);
  return s;
}

bool token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// "Name: value" with a token for a name.
bool looks_like_field(std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view name = trim_controls(line.substr(0, colon));
  return !name.empty() && std::all_of(name.begin(), name.end(), token_char);
}

}  // namespace

HeaderBlock read_header_block(std::string_view raw) {
  HeaderBlock block;
  std::vector<std::string> lines;  // logical lines, folding undone
  bool started = false;
  for (std::size_t i = 0; i < raw.size();) {
    const std::size_t end = std::min(raw.find_first_of("\r\n", i), raw.size());
    const std::string_view line = raw.substr(i, end - i);
    i = end + (raw.compare(end, 2, "\r\n") == 0 ? 2 : 1);
    std::string without_nuls;  // a NUL at the start still marks a continuation
    if (line.find('\0') != std::string_view::npos)
      std::copy_if(line.begin(), line.end(), std::back_inserter(without_nuls), [](char c) { return c != '\0'; });
    const std::string_view content = trim_controls(without_nuls.empty() ? line : std::string_view(without_nuls));
    if (content.empty()) continue;
    if (!started) {
      block.start_line.assign(content);
      started = true;
    } else if (blank_or_control(line.front()) && !lines.empty() && !looks_like_field(content)) {
      lines.back().append(" ").append(content);
    } else {
      lines.emplace_back(content);
    }
  }
  for (const std::string& line : lines) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    block.fields.push_back({std::string(trim_controls(std::string_view(line).substr(0, colon))),
                            std::string(trim_controls(std::string_view(line).substr(colon + 1)))});
  }
  return block;
}

std::optional<std::uint64_t> content_length_value(std::string_view value, bool& clean) {
  const auto first = std::find_if(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
  std::uint64_t n = 0;
  const char* begin = value.data() + (first - value.begin());
  auto [end, ec] = std::from_chars(begin, value.data() + value.size(), n);
  if (first == value.end() || ec != std::errc() || std::find(value.begin(), first, '-') != first) {  // "-1"
    clean = false;
    return std::nullopt;
  }
  clean = begin == value.data() && end == value.data() + value.size();
  return n;
}

}  // namespace dlp
