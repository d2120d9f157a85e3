#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/utf8.hpp"

#include "detect/scan/text_window.hpp"

namespace dlp {

// The ways the same Chinese text reaches the wire: UTF-8 as
// written, GBK (== GB18030 for these characters), each byte %-encoded in a
// URL or form (of UTF-8 or of GBK), and JSON's \uXXXX escapes. ASCII is the
// same in all of them, so only text with Chinese characters needs its forms.
enum class TextForm : std::uint8_t { utf8, gbk, percent_utf8, percent_gbk, json };
inline constexpr TextForm kAllTextForms[] = {TextForm::utf8, TextForm::gbk, TextForm::percent_utf8,
                                             TextForm::percent_gbk, TextForm::json};
// utf8, gbk, percent_utf8, percent_gbk or json.
bool parse_text_form(std::string_view name, TextForm& out);
// A set of forms, one bit each.
using TextForms = std::uint8_t;
inline constexpr TextForms kEveryTextForm = 0x1F;
inline constexpr TextForms form_bit(TextForm form) { return static_cast<TextForms>(1u << static_cast<int>(form)); }

// UTF-8 to GBK through iconv; nothing when the text has no GBK form.
std::optional<std::string> utf8_to_gbk(std::string_view utf8);
// The code point of a two-byte GBK character (lead 81-FE, trail 40-FE), or
// 0 if it has none. A table made once from iconv: reading a value must not
// cost an iconv_open per character (a stream of repeated labels would).
std::uint32_t gbk_code_point(std::uint8_t lead, std::uint8_t trail);

// A Hyperscan regex for a pattern written in UTF-8, as it reads in `form`:
// every non-ASCII character is re-encoded (the regex syntax around it is
// ASCII and stays). Multi-byte characters must not be inside [...] classes.
// Nothing if the pattern cannot be written in that form.
std::optional<std::string> regex_in_form(std::string_view utf8_regex, TextForm form);
// The bytes of plain text in `form`; nothing if it cannot be written so.
std::optional<std::string> literal_in_form(std::string_view utf8, TextForm form);
// Whether the form's escapes are hexadecimal in either case (compile caseless).
bool form_is_caseless(TextForm form);

// Reads text in one form forward from an offset of a window, one character
// at a time, giving it as UTF-8: the labelled values of keyword-bound
// signatures (姓名：张三) are in the form of their label.
class FormReader {
 public:
  FormReader(const TextWindow& w, std::uint64_t pos, std::uint64_t limit, TextForm form)
      : w_(w), pos_(pos), limit_(limit), form_(form) {}
  // The next character as UTF-8 (1-4 bytes), or nothing at the end, at a
  // byte that does not decode, or past the limit.
  std::optional<std::string> next();
  std::uint64_t pos() const { return pos_; }

 private:
  int byte_at(std::uint64_t off) const { return off < limit_ ? w_.at(off) : -1; }
  // The next raw byte of the text: a %XX escape decoded in the percent forms.
  int raw(std::uint64_t& off) const;
  const TextWindow& w_;
  std::uint64_t pos_, limit_;
  TextForm form_;
};

// Decodes UTF-8 into code points; nothing if it is not valid UTF-8.
std::optional<std::vector<std::uint32_t>> utf8_code_points(std::string_view text);

}  // namespace dlp
