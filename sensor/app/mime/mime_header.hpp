#pragma once
#include <string>
#include <string_view>

namespace dlp {

// What the headers of a MIME entity (a mail, a part, an HTTP message) say
// about its content.
struct MimeHeaders {
  std::string content_type;  // type/subtype, lower case
  std::string boundary;      // of a multipart entity
  std::string charset;
  std::string filename;  // UTF-8: from Content-Disposition, else Content-Type's name
  std::string transfer_encoding;
};

// Reads a header block (lines end in CRLF or LF; folded lines continue).
MimeHeaders parse_mime_headers(std::string_view block);

// A header value's parameter (`boundary`, `charset`, `filename`), without
// its quotes; RFC 2231 (`filename*=UTF-8''%E5...`) and RFC 2047 encoded
// words (`=?GBK?B?...?=`) are decoded to UTF-8.
std::string header_parameter(std::string_view value, std::string_view name);
// A header value's first token, lower case ("multipart/form-data").
std::string header_token(std::string_view value);
// Decodes RFC 2047 encoded words; other text is left as it is.
std::string decode_encoded_words(std::string_view text);
// Text in `charset` converted to UTF-8 (iconv); the bytes as they are when
// the charset is unknown or the text is not valid in it.
std::string to_utf8(std::string_view charset, std::string_view text);

}  // namespace dlp
