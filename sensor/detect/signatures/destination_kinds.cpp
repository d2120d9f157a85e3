#include "detect/signatures/destination_kinds.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "common/ascii.hpp"
#include "detect/signatures/signature_set.hpp"

namespace dlp {

namespace {

bool kind_name(std::string_view k) {
  return !k.empty() && k[0] >= 'a' && k[0] <= 'z' && std::all_of(k.begin(), k.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Letters, digits, '-' and '.', with a dot between two labels at least.
bool domain_name(std::string_view d) {
  const bool chars = std::all_of(d.begin(), d.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
  return chars && d.find('.') != std::string_view::npos && d.front() != '.' && d.back() != '.' &&
         d.find("..") == std::string_view::npos;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
  return out;
}

// "Example.COM.:443" → "example.com"
std::string host_of(std::string_view name) {
  if (const auto colon = name.rfind(':'); colon != std::string_view::npos && name.find(':') == colon)
    name = name.substr(0, colon);
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  return lower(name);
}

}  // namespace

DestinationKinds DestinationKinds::load(const std::string& path) {
  if (path.empty()) return {};
  std::ifstream in(path);
  if (!in) throw SignatureError(fmt::format("{}: cannot read the destination list", path));
  std::stringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

DestinationKinds DestinationKinds::parse(const std::string& text, const std::string& file_name) {
  DestinationKinds list;
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    line = line.substr(0, line.find('#'));
    std::istringstream words(line);
    std::string kind, suffix, extra;
    if (!(words >> kind)) continue;
    const auto fail = [&](const std::string& why) {
      throw SignatureError(fmt::format("{}:{}: {}", file_name, number, why));
    };
    if (!(words >> suffix) || (words >> extra)) fail("expected a kind and a domain suffix");
    if (!kind_name(kind)) fail(fmt::format("'{}' is not a kind (lower-case letters, digits, _)", kind));
    suffix = lower(suffix);
    if (!domain_name(suffix)) fail(fmt::format("'{}' is not a domain suffix", suffix));
    if (!list.kinds_.emplace(suffix, kind).second) fail(fmt::format("'{}' is listed twice", suffix));
  }
  return list;
}

std::string_view DestinationKinds::kind_of(std::string_view name) const {
  if (kinds_.empty() || name.empty()) return {};
  const std::string host = host_of(name);
  for (std::size_t at = 0; at != std::string::npos; at = host.find('.', at)) {
    if (at > 0) ++at;  // past the dot
    if (const auto found = kinds_.find(host.substr(at)); found != kinds_.end()) return found->second;
  }
  return {};
}

}  // namespace dlp
