#include "app/mime/mime_header.hpp"

#include <iconv.h>

#include <algorithm>
#include <string>

#include "app/coding/transfer_decoder.hpp"
#include "common/ascii.hpp"

namespace dlp {

namespace {

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = ascii_lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string percent_decoded(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// The parameters of a header value, one at a time: `name=value` after
// each ';' outside quotes.
template <class Visit>
void for_each_parameter(std::string_view value, Visit visit) {
  std::size_t i = value.find(';');
  while (i != std::string_view::npos && i < value.size()) {
    ++i;
    const auto eq = value.find('=', i);
    if (eq == std::string_view::npos) return;
    const std::string_view name = trim_blanks(value.substr(i, eq - i));
    std::size_t j = eq + 1;
    while (j < value.size() && (value[j] == ' ' || value[j] == '\t')) ++j;
    std::string v;
    if (j < value.size() && value[j] == '"') {
      for (++j; j < value.size() && value[j] != '"'; ++j) {
        if (value[j] == '\\' && j + 1 < value.size()) ++j;
        v.push_back(value[j]);
      }
      i = value.find(';', j);
    } else {
      i = value.find(';', j);
      v.assign(trim_blanks(value.substr(j, i == std::string_view::npos ? std::string_view::npos : i - j)));
    }
    visit(name, std::move(v));
  }
}

}  // namespace

std::string to_utf8(std::string_view charset, std::string_view text) {
  if (charset.empty() || iequals(charset, "utf-8") || iequals(charset, "us-ascii")) return std::string(text);
  // GB2312 and GBK text is GB18030 text; iconv's GB2312 refuses GBK's extra characters.
  const std::string from = iequals(charset, "gb2312") || iequals(charset, "gbk") ? "GB18030" : std::string(charset);
  iconv_t cd = iconv_open("UTF-8", from.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::string(text);
  std::string out(text.size() * 4 + 4, '\0');
  char* src = const_cast<char*>(text.data());
  std::size_t src_left = text.size(), dst_left = out.size();
  char* dst = out.data();
  const bool ok = iconv(cd, &src, &src_left, &dst, &dst_left) != static_cast<std::size_t>(-1) && src_left == 0;
  iconv_close(cd);
  if (!ok) return std::string(text);
  out.resize(out.size() - dst_left);
  return out;
}

std::string decode_encoded_words(std::string_view text) {
  std::string out;
  bool last_was_word = false;
  while (!text.empty()) {
    const auto start = text.find("=?");
    const auto q1 = start == std::string_view::npos ? start : text.find('?', start + 2);
    const auto q2 = q1 == std::string_view::npos ? q1 : text.find('?', q1 + 1);
    const auto end = q2 == std::string_view::npos ? q2 : text.find("?=", q2 + 1);
    if (end == std::string_view::npos) {
      out.append(text);
      break;
    }
    // Blanks between two encoded words are not part of the text (RFC 2047 6.2).
    const std::string_view between = text.substr(0, start);
    if (!(last_was_word && trim_blanks(between).empty())) out.append(between);
    const std::string_view charset = text.substr(start + 2, q1 - start - 2);
    const char encoding = ascii_lower(text[q1 + 1]);
    const std::string_view payload = text.substr(q2 + 1, end - q2 - 1);
    std::string bytes;
    if (encoding == 'b') {
      Base64Decoder().write(as_bytes(payload), bytes);
    } else {
      std::string q(payload);
      std::replace(q.begin(), q.end(), '_', ' ');
      QuotedPrintableDecoder().write(as_bytes(q), bytes);
    }
    out += to_utf8(charset.substr(0, charset.find('*')), bytes);  // RFC 2231 language suffix
    last_was_word = true;
    text.remove_prefix(end + 2);
  }
  return out;
}

std::string header_token(std::string_view value) { return lowered(trim_blanks(value.substr(0, value.find(';')))); }

std::string header_parameter(std::string_view value, std::string_view name) {
  std::string plain, extended;
  for_each_parameter(value, [&](std::string_view n, std::string v) {
    if (iequals(n, name))
      plain = std::move(v);
    else if (n.size() == name.size() + 1 && n.back() == '*' && iequals(n.substr(0, name.size()), name))
      extended = std::move(v);
  });
  if (!extended.empty()) {
    // charset'language'percent-encoded text
    const auto q1 = extended.find('\''), q2 = q1 == std::string::npos ? q1 : extended.find('\'', q1 + 1);
    if (q2 != std::string::npos)
      return to_utf8(std::string_view(extended).substr(0, q1),
                     percent_decoded(std::string_view(extended).substr(q2 + 1)));
  }
  return decode_encoded_words(plain);
}

MimeHeaders parse_mime_headers(std::string_view block) {
  MimeHeaders h;
  std::string name, value, content_type_value;
  auto apply = [&]() {
    if (iequals(name, "content-type")) {
      content_type_value = value;
      h.content_type = header_token(value);
      h.boundary = header_parameter(value, "boundary");
      h.charset = header_parameter(value, "charset");
    } else if (iequals(name, "content-disposition")) {
      h.filename = header_parameter(value, "filename");
    } else if (iequals(name, "content-transfer-encoding")) {
      h.transfer_encoding = lowered(trim_blanks(value));
    }
  };
  while (!block.empty()) {
    const auto nl = block.find('\n');
    std::string_view line = block.substr(0, nl);
    block.remove_prefix(nl == std::string_view::npos ? block.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') {
      value.append(" ").append(trim_blanks(line));
      continue;
    }
    apply();
    const auto colon = line.find(':');
    name.assign(colon == std::string_view::npos ? std::string_view() : trim_blanks(line.substr(0, colon)));
    value.assign(colon == std::string_view::npos ? std::string_view() : trim_blanks(line.substr(colon + 1)));
  }
  apply();
  if (h.filename.empty()) h.filename = header_parameter(content_type_value, "name");
  return h;
}

}  // namespace dlp
