#include "detect/scan/text_form.hpp"

#include <fmt/format.h>
#include <iconv.h>
#include <cerrno>

namespace dlp {

namespace {

std::optional<std::string> convert(const char* to, const char* from, std::string_view in) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out(in.size() * 4 + 4, '\0');
  char* src = const_cast<char*>(in.data());
  char* dst = out.data();
  std::size_t src_left = in.size(), dst_left = out.size();
  bool ok = iconv(cd, &src, &src_left, &dst, &dst_left) != static_cast<std::size_t>(-1) && src_left == 0;
  iconv_close(cd);
  if (!ok) return std::nullopt;
  out.resize(out.size() - dst_left);
  return out;
}

int utf8_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

}  // namespace

bool parse_text_form(std::string_view name, TextForm& out) {
  static constexpr std::pair<std::string_view, TextForm> kNames[] = {{"utf8", TextForm::utf8},
                                                                     {"gbk", TextForm::gbk},
                                                                     {"percent_utf8", TextForm::percent_utf8},
                                                                     {"percent_gbk", TextForm::percent_gbk},
                                                                     {"json", TextForm::json}};
  for (const auto& [n, form] : kNames)
    if (n == name) {
      out = form;
      return true;
    }
  return false;
}

std::optional<std::string> utf8_to_gbk(std::string_view utf8) { return convert("GBK", "UTF-8", utf8); }
std::uint32_t gbk_code_point(std::uint8_t lead, std::uint8_t trail) {
  constexpr int kTrails = 0xFF - 0x40;
  if (lead < 0x81 || lead > 0xFE || trail < 0x40 || trail > 0xFE || trail == 0x7F) return 0;
  // Immutable once built (thread-safe initialisation): the character set's table, not state.
  static const std::vector<std::uint32_t> table = [] {
    std::vector<std::uint32_t> t(126 * kTrails, 0);
    iconv_t cd = iconv_open("UTF-32LE", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1)) return t;
    for (int l = 0x81; l <= 0xFE; ++l)
      for (int r = 0x40; r <= 0xFE; ++r) {
        char pair[2] = {static_cast<char>(l), static_cast<char>(r)};
        unsigned char utf32[4] = {};
        char* src = pair;
        char* dst = reinterpret_cast<char*>(utf32);
        std::size_t src_left = 2, dst_left = 4;
        iconv(cd, nullptr, nullptr, nullptr, nullptr);  // a failed pair must not leave state behind
        if (iconv(cd, &src, &src_left, &dst, &dst_left) != static_cast<std::size_t>(-1) && src_left == 0 &&
            dst_left == 0)
          t[(l - 0x81) * kTrails + (r - 0x40)] =
              utf32[0] | utf32[1] << 8 | utf32[2] << 16 | std::uint32_t{utf32[3]} << 24;
      }
    iconv_close(cd);
    return t;
  }();
  return table[(lead - 0x81) * kTrails + (trail - 0x40)];
}

bool form_is_caseless(TextForm form) { return form != TextForm::utf8 && form != TextForm::gbk; }

std::optional<std::vector<std::uint32_t>> utf8_code_points(std::string_view text) {
  std::vector<std::uint32_t> cps;
  for (std::size_t i = 0; i < text.size();) {
    auto lead = static_cast<unsigned char>(text[i]);
    int n = utf8_length(lead);
    if (n == 0 || i + n > text.size()) return std::nullopt;
    std::uint32_t cp = n == 1 ? lead : lead & (0x7F >> n);
    for (int k = 1; k < n; ++k) {
      auto c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (c & 0x3F);
    }
    cps.push_back(cp);
    i += n;
  }
  return cps;
}

std::optional<std::string> literal_in_form(std::string_view utf8, TextForm form) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    int n = utf8_length(static_cast<unsigned char>(utf8[i]));
    if (n == 0 || i + n > utf8.size()) return std::nullopt;
    std::string_view ch = utf8.substr(i, n);
    i += n;
    if (n == 1) {
      out += ch;
      continue;
    }
    if (form == TextForm::json) {
      auto cps = utf8_code_points(ch);
      if (!cps || (*cps)[0] >= 0x10000) return std::nullopt;
      out += fmt::format("\\u{:04x}", (*cps)[0]);
      continue;
    }
    std::string bytes(ch);
    if (form == TextForm::gbk || form == TextForm::percent_gbk) {
      auto gbk = utf8_to_gbk(ch);
      if (!gbk) return std::nullopt;
      bytes = *gbk;
    }
    if (form == TextForm::percent_utf8 || form == TextForm::percent_gbk)
      for (unsigned char b : bytes) out += fmt::format("%{:02X}", b);
    else
      out += bytes;
  }
  return out;
}

std::optional<std::string> regex_in_form(std::string_view regex, TextForm form) {
  std::string out;
  for (std::size_t i = 0; i < regex.size();) {
    auto lead = static_cast<unsigned char>(regex[i]);
    int n = utf8_length(lead);
    if (n == 1) {
      out.push_back(regex[i++]);
      continue;
    }
    if (n == 0 || i + n > regex.size()) return std::nullopt;
    std::string_view ch = regex.substr(i, n);
    i += n;
    std::string bytes(ch);
    if (form == TextForm::gbk || form == TextForm::percent_gbk) {
      auto gbk = utf8_to_gbk(ch);
      if (!gbk) return std::nullopt;
      bytes = *gbk;
    }
    if (form == TextForm::json) {
      auto cps = utf8_code_points(ch);
      if (!cps || cps->size() != 1) return std::nullopt;
      std::uint32_t cp = (*cps)[0];
      if (cp >= 0x10000) {
        cp -= 0x10000;
        out += fmt::format("\\\\u{:04x}\\\\u{:04x}", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
      } else {
        out += fmt::format("\\\\u{:04x}", cp);
      }
      continue;
    }
    bool percent = form == TextForm::percent_utf8 || form == TextForm::percent_gbk;
    // A run of one character's bytes is grouped so that a quantifier after
    // it applies to the whole character.
    out += "(?:";
    for (unsigned char b : bytes) out += percent ? fmt::format("%{:02X}", b) : fmt::format("\\x{:02X}", b);
    out += ")";
  }
  return out;
}

int FormReader::raw(std::uint64_t& off) const {
  int c = byte_at(off);
  if (c < 0) return -1;
  ++off;
  if (form_ != TextForm::percent_utf8 && form_ != TextForm::percent_gbk) return c;
  if (c == '+') return ' ';
  if (c != '%') return c;
  int hi = hex_value(byte_at(off)), lo = hex_value(byte_at(off + 1));
  if (hi < 0 || lo < 0) return -1;
  off += 2;
  return hi * 16 + lo;
}

std::optional<std::string> FormReader::next() {
  std::uint64_t off = pos_;
  int c = raw(off);
  if (c < 0) return std::nullopt;
  std::string out;
  if (form_ == TextForm::json && c == '\\' && byte_at(off) == 'u') {
    std::uint32_t cp = 0;
    for (int k = 1; k <= 4; ++k) {
      int h = hex_value(byte_at(off + k));
      if (h < 0) return std::nullopt;
      cp = cp * 16 + static_cast<std::uint32_t>(h);
    }
    off += 5;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      std::uint32_t low = 0;
      if (byte_at(off) != '\\' || byte_at(off + 1) != 'u') return std::nullopt;
      for (int k = 2; k <= 5; ++k) {
        int h = hex_value(byte_at(off + k));
        if (h < 0) return std::nullopt;
        low = low * 16 + static_cast<std::uint32_t>(h);
      }
      if (low < 0xDC00 || low > 0xDFFF) return std::nullopt;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      off += 6;
    }
    append_utf8(out, cp);
  } else if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (form_ == TextForm::gbk || form_ == TextForm::percent_gbk) {
    int trail = raw(off);
    std::uint32_t cp = trail < 0 ? 0 : gbk_code_point(static_cast<std::uint8_t>(c), static_cast<std::uint8_t>(trail));
    if (cp == 0) return std::nullopt;
    append_utf8(out, cp);
  } else {
    int n = utf8_length(static_cast<unsigned char>(c));
    if (n < 2) return std::nullopt;
    out.push_back(static_cast<char>(c));
    for (int k = 1; k < n; ++k) {
      int cont = raw(off);
      if (cont < 0 || (cont & 0xC0) != 0x80) return std::nullopt;
      out.push_back(static_cast<char>(cont));
    }
  }
  pos_ = off;
  return out;
}

}  // namespace dlp
