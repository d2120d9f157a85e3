#pragma once
#include <memory>
#include <string>
#include <vector>

#include "app/coding/transfer_decoder.hpp"
#include "app/content_sink.hpp"
#include "app/file/file_decoder.hpp"

namespace dlp {

// A MIME entity fed as it arrives, line by line (RFC 2045/2046): a mail
// message (headers first), or an HTTP multipart body whose boundary the
// request's headers gave. Multiparts nest to any depth up to the limit; a
// boundary may be split anywhere; each leaf part has its transfer encoding
// (base64, quoted-printable) undone and is decoded as a file under its
// filename. A delimiter of an outer multipart ends the inner ones.
class MimeParser final : public ContentReader {
 public:
  MimeParser(const ContentLimits& limits, ContentStats& stats, ContentContext context, std::uint64_t depth);
  ~MimeParser() override;
  // The body of a multipart entity whose headers were read elsewhere.
  void expect_multipart(std::string boundary);
  void write(ByteSpan data, ContentSink& out) override;
  void finish(ContentSink& out) override;

 private:
  enum class State { headers, body, between };   // between: a preamble or epilogue, not decoded
  static constexpr std::size_t kMaxLine = 8192;  // longer lines are content, never a delimiter
  void on_line(std::string_view line, std::string_view line_end, ContentSink& out);
  // The index of the boundary this line delimits (-1: none); sets `close`.
  int delimiter(std::string_view line, bool& close) const;
  static bool may_start_delimiter(std::string_view start);
  void start_part(ContentSink& out);
  void part_bytes(std::string_view bytes, ContentSink& out);
  void end_part(ContentSink& out);

  const ContentLimits* limits_;
  ContentStats* stats_;
  ContentContext context_;
  std::uint64_t depth_;
  State state_ = State::headers;
  std::vector<std::string> boundaries_;  // open multiparts, outermost first
  std::string line_;                     // a line not yet complete
  bool mid_line_ = false;                // the line being read began in a piece already passed on
  std::string headers_;
  std::string held_line_end_;  // the last body line's end: it belongs to a delimiter that may follow
  std::unique_ptr<TransferDecoder> transfer_;
  std::unique_ptr<FileDecoder> file_;
  std::string decoded_;
};

}  // namespace dlp
