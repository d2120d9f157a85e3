#include "app/mime/mime_parser.hpp"

#include <utility>

#include "app/mime/mime_header.hpp"

namespace dlp {

MimeParser::MimeParser(const ContentLimits& limits, ContentStats& stats, ContentContext context, std::uint64_t depth)
    : limits_(&limits), stats_(&stats), context_(std::move(context)), depth_(depth) {}

MimeParser::~MimeParser() = default;

void MimeParser::expect_multipart(std::string boundary) {
  boundaries_.push_back(std::move(boundary));
  state_ = State::between;
}

void MimeParser::write(ByteSpan data, ContentSink& out) {
  std::string_view rest = as_chars(data);
  while (!rest.empty()) {
    const auto nl = rest.find('\n');
    const std::size_t take = nl == std::string_view::npos ? rest.size() : nl + 1;
    if (line_.empty() && nl != std::string_view::npos) {
      // A whole line: no copy.
      std::string_view line = rest.substr(0, take);
      rest.remove_prefix(take);
      const std::size_t end = line.size() >= 2 && line[line.size() - 2] == '\r' ? 2 : 1;
      on_line(line.substr(0, line.size() - end), line.substr(line.size() - end), out);
      continue;
    }
    if (line_.empty() && state_ == State::body && (mid_line_ || !may_start_delimiter(rest))) {
      // A part's line, unfinished, that cannot be a delimiter: passed on
      // now, as it is (no copy), and the rest of the line after it; but a
      // last CR, which may begin the line end a delimiter owns.
      const std::size_t cr = rest.back() == '\r' ? 1 : 0;
      if (rest.size() > cr) {
        on_line(rest.substr(0, rest.size() - cr), {}, out);
        mid_line_ = true;
      }
      line_.assign(rest.substr(rest.size() - cr));
      break;
    }
    line_.append(rest.substr(0, take));
    rest.remove_prefix(take);
    if (nl != std::string_view::npos) {
      const std::string line = std::move(line_);
      line_.clear();
      const std::size_t end = line.size() >= 2 && line[line.size() - 2] == '\r' ? 2 : 1;
      on_line(std::string_view(line).substr(0, line.size() - end), std::string_view(line).substr(line.size() - end),
              out);
    } else if (line_.size() > kMaxLine) {
      // No delimiter is this long: pass the piece on, and read on to the line's end.
      const std::string piece = std::move(line_);
      line_.clear();
      on_line(piece, {}, out);
      mid_line_ = true;
    }
  }
}

// Whether a line that begins with `start` may be a delimiter ("--" and a boundary).
bool MimeParser::may_start_delimiter(std::string_view start) {
  return !start.empty() && start[0] == '-' && (start.size() == 1 || start[1] == '-');
}

int MimeParser::delimiter(std::string_view line, bool& close) const {
  if (line.size() < 2 || line[0] != '-' || line[1] != '-') return -1;
  line.remove_prefix(2);
  for (int i = static_cast<int>(boundaries_.size()) - 1; i >= 0; --i) {
    const std::string& b = boundaries_[static_cast<std::size_t>(i)];
    if (line.substr(0, b.size()) != b) continue;
    std::string_view after = line.substr(b.size());
    close = after.substr(0, 2) == "--";
    if (close) after.remove_prefix(2);
    if (after.find_first_not_of(" \t") == std::string_view::npos) return i;  // transport padding only
  }
  return -1;
}

void MimeParser::on_line(std::string_view line, std::string_view line_end, ContentSink& out) {
  const bool whole = !std::exchange(mid_line_, false);  // a line from its start (or its first piece)
  bool close = false;
  const int level = whole ? delimiter(line, close) : -1;
  if (level >= 0) {
    if (state_ == State::body) end_part(out);
    held_line_end_.clear();  // the line end before a delimiter is part of it
    boundaries_.resize(static_cast<std::size_t>(level) + 1);
    if (close) {
      boundaries_.pop_back();
      state_ = State::between;
    } else {
      headers_.clear();
      state_ = State::headers;
    }
    return;
  }
  switch (state_) {
    case State::headers:
      if (headers_.size() + line.size() > limits_->max_part_header) {
        ++stats_->header_overflows;
        out.truncated();
        state_ = State::between;  // the part is skipped up to the next delimiter
        break;
      }
      headers_.append(line).append("\n");
      if (line.empty()) start_part(out);
      break;
    case State::body:
      part_bytes(held_line_end_, out);
      part_bytes(line, out);
      held_line_end_.assign(line_end);
      break;
    case State::between: break;
  }
}

void MimeParser::start_part(ContentSink& out) {
  ++stats_->mime_parts;
  const MimeHeaders h = parse_mime_headers(headers_);
  headers_.clear();
  const std::uint64_t depth = depth_ + boundaries_.size();
  const bool multipart = h.content_type.rfind("multipart/", 0) == 0 && !h.boundary.empty();
  if ((multipart || h.content_type == "message/rfc822") && depth >= limits_->max_depth) {
    ++stats_->depth_limit;
    out.truncated();
  } else if (multipart) {
    boundaries_.push_back(h.boundary);
    state_ = State::between;
    return;
  } else if (h.content_type == "message/rfc822") {
    state_ = State::headers;  // a forwarded message: its own headers come next
    return;
  }
  ContentContext c = context_;
  if (!h.filename.empty()) c.filename = h.filename;
  transfer_ = make_transfer_decoder(h.transfer_encoding);
  file_ = std::make_unique<FileDecoder>(*limits_, *stats_, std::move(c), depth + 1, true);
  held_line_end_.clear();
  state_ = State::body;
}

void MimeParser::part_bytes(std::string_view bytes, ContentSink& out) {
  if (bytes.empty() || !file_) return;
  if (!transfer_) return file_->write(as_bytes(bytes), out);
  decoded_.clear();
  transfer_->write(as_bytes(bytes), decoded_);
  file_->write(as_bytes(decoded_), out);
}

void MimeParser::end_part(ContentSink& out) {
  if (file_) file_->finish(out);
  file_.reset();
  transfer_.reset();
}

void MimeParser::finish(ContentSink& out) {
  if (!line_.empty()) {
    const std::string line = std::move(line_);
    line_.clear();
    on_line(line, {}, out);
  }
  // The last line end belongs to what ended the entity (a mail's lone dot).
  if (state_ == State::body) end_part(out);
  state_ = State::between;
}

}  // namespace dlp
