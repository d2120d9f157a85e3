#pragma once
#include <string_view>

namespace dlp {

// The names of an enum's values, as options, signature files and alerts
// spell them: one table per enum, read both ways.
template <class Enum>
struct EnumName {
  Enum value;
  const char* name;
};

template <class Enum, std::size_t N>
const char* name_of(Enum value, const EnumName<Enum> (&names)[N]) {
  for (const auto& n : names)
    if (n.value == value) return n.name;
  return names[0].name;
}

template <class Enum, std::size_t N>
bool parse_name(std::string_view text, Enum& out, const EnumName<Enum> (&names)[N]) {
  for (const auto& n : names) {
    if (text == n.name) {
      out = n.value;
      return true;
    }
  }
  return false;
}

}  // namespace dlp
