#include "app/file/ooxml_text.hpp"

#include <charconv>
#include <cstdint>

#include "common/utf8.hpp"

namespace dlp {

namespace {

// A character reference as UTF-8; one that names no character is U+FFFD.
void append_reference(std::uint32_t cp, std::string& out) {
  append_utf8(out, cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000) ? 0xFFFD : cp);
}

// Appends XML character data with its entities decoded.
void append_text(std::string_view text, std::string& out) {
  while (!text.empty()) {
    const auto amp = text.find('&');
    out.append(text.substr(0, amp));
    if (amp == std::string_view::npos) return;
    text.remove_prefix(amp);
    const auto semi = text.find(';');
    const std::string_view entity = text.substr(1, semi == std::string_view::npos ? 0 : semi - 1);
    std::uint32_t cp = 0;
    if (entity == "lt")
      out.push_back('<');
    else if (entity == "gt")
      out.push_back('>');
    else if (entity == "amp")
      out.push_back('&');
    else if (entity == "quot")
      out.push_back('"');
    else if (entity == "apos")
      out.push_back('\'');
    else if (entity.size() > 1 && entity[0] == '#' &&
             (entity[1] == 'x' ? std::from_chars(entity.data() + 2, entity.data() + entity.size(), cp, 16)
                               : std::from_chars(entity.data() + 1, entity.data() + entity.size(), cp))
                     .ec == std::errc())
      append_reference(cp, out);
    else {
      out.push_back('&');  // not an entity: kept as written
      text.remove_prefix(1);
      continue;
    }
    text.remove_prefix(semi + 1);
  }
}

// Walks an XML document: `on_tag(name, attributes)` for each tag (an end
// tag's name starts with '/', an empty element's attributes end with '/'),
// `on_text(text)` for the character data between tags.
template <class OnTag, class OnText>
void walk_xml(std::string_view xml, OnTag on_tag, OnText on_text) {
  std::size_t i = 0;
  while (i < xml.size()) {
    const auto lt = xml.find('<', i);
    if (lt != i) on_text(xml.substr(i, lt == std::string_view::npos ? xml.size() - i : lt - i));
    if (lt == std::string_view::npos) return;
    if (xml.compare(lt, 9, "<![CDATA[") == 0) {
      const auto end = xml.find("]]>", lt);
      const std::size_t stop = end == std::string_view::npos ? xml.size() : end;
      on_text(xml.substr(lt + 9, stop - lt - 9));  // no entities in CDATA, and none look like one
      i = stop + 3;
      continue;
    }
    const auto gt = xml.find('>', lt);
    if (gt == std::string_view::npos) return;
    std::string_view tag = xml.substr(lt + 1, gt - lt - 1);
    i = gt + 1;
    if (tag.empty() || tag[0] == '?' || tag[0] == '!') continue;
    const auto space = tag.find_first_of(" \t\r\n/", tag[0] == '/' ? 1 : 0);
    on_tag(tag.substr(0, space), space == std::string_view::npos ? std::string_view() : tag.substr(space));
  }
}

// The value of attribute `name` in a tag's attribute text.
std::string_view attribute(std::string_view attributes, std::string_view name) {
  std::size_t at = 0;
  while ((at = attributes.find(name, at)) != std::string_view::npos) {
    const bool starts =
        at > 0 && (attributes[at - 1] == ' ' || attributes[at - 1] == '\t' || attributes[at - 1] == '\n');
    const std::size_t eq = at + name.size();
    if (starts && eq + 1 < attributes.size() && attributes[eq] == '=' &&
        (attributes[eq + 1] == '"' || attributes[eq + 1] == '\'')) {
      const auto close = attributes.find(attributes[eq + 1], eq + 2);
      if (close == std::string_view::npos) return {};
      return attributes.substr(eq + 2, close - eq - 2);
    }
    at = eq;
  }
  return {};
}

// The column of a cell reference ("C7" is 2), bounded by Excel's 16,384.
std::size_t column_of(std::string_view ref) {
  std::size_t col = 0;
  for (char c : ref) {
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + static_cast<std::size_t>(c - 'A' + 1);
    if (col > 16384) return 16384;
  }
  return col == 0 ? 0 : col - 1;
}

}  // namespace

std::vector<std::string> read_shared_strings(std::string_view xml) {
  std::vector<std::string> strings;
  std::string current;
  bool in_text = false;
  int phonetic = 0;  // <rPh> runs repeat the reading of the text, not the text
  walk_xml(
      xml,
      [&](std::string_view name, std::string_view) {
        if (name == "si")
          current.clear();
        else if (name == "/si")
          strings.push_back(std::move(current));
        else if (name == "rPh")
          ++phonetic;
        else if (name == "/rPh")
          phonetic = phonetic > 0 ? phonetic - 1 : 0;
        else if (name == "t")
          in_text = true;
        else if (name == "/t")
          in_text = false;
      },
      [&](std::string_view text) {
        if (in_text && phonetic == 0) append_text(text, current);
      });
  return strings;
}

void sheet_to_tsv(std::string_view xml, const std::vector<std::string>& shared_strings, std::string& out) {
  std::size_t column = 0, next_column = 0;
  std::string type, value;
  bool in_value = false;
  walk_xml(
      xml,
      [&](std::string_view name, std::string_view attributes) {
        if (name == "row") {
          next_column = 0;
        } else if (name == "/row") {
          out.push_back('\n');
        } else if (name == "c") {
          const auto ref = attribute(attributes, "r");
          column = ref.empty() ? next_column : column_of(ref);
          type.assign(attribute(attributes, "t"));
          value.clear();
          if (!attributes.empty() && attributes.back() == '/') name = "/c";  // an empty cell
        } else if (name == "v" || name == "t") {
          in_value = attributes.empty() || attributes.back() != '/';
        } else if (name == "/v" || name == "/t") {
          in_value = false;
        }
        if (name == "/c") {
          if (column < next_column) column = next_column;  // out of order: kept in reading order
          out.append(next_column == 0 ? column : column - next_column + 1, '\t');  // empty cells before it
          if (type == "s") {
            std::size_t index = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), index);
            if (ec == std::errc() && index < shared_strings.size()) out.append(shared_strings[index]);
          } else {
            out.append(value);
          }
          next_column = column + 1;
        }
      },
      [&](std::string_view text) {
        if (in_value) append_text(text, value);
      });
}

void document_to_text(std::string_view xml, std::string& out) {
  bool in_text = false;
  walk_xml(
      xml,
      [&](std::string_view name, std::string_view attributes) {
        if (name == "w:t")
          in_text = attributes.empty() || attributes.back() != '/';
        else if (name == "/w:t")
          in_text = false;
        else if (name == "/w:p" || name == "/w:tr" || name == "w:br")
          out.push_back('\n');
        else if (name == "w:tab" || name == "/w:tc")
          out.push_back('\t');
      },
      [&](std::string_view text) {
        if (in_text) append_text(text, out);
      });
}

}  // namespace dlp
