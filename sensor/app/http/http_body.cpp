#include "app/http/http_body.hpp"

#include "app/file/file_decoder.hpp"
#include "app/mime/mime_header.hpp"
#include "app/mime/mime_parser.hpp"
#include "common/ascii.hpp"

namespace dlp {

namespace {

// The content coding a Content-Encoding item names, read as browsers read
// it ("x-gzip", "gzip x", "x-deflate"), or nothing (identity, unknown).
const char* content_coding(std::string_view item) {
  if (icontains(item, "gzip")) return "gzip";
  if (icontains(item, "deflate")) return "deflate";
  if (iequals(trim_blanks(item), "br")) return "br";
  return nullptr;
}

}  // namespace

HttpBody::HttpBody(const HttpLimits& limits, const ContentLimits& content_limits, HttpStats& stats,
                   ContentStats& content_stats)
    : limits_(&limits), content_limits_(&content_limits), stats_(&stats), content_stats_(&content_stats) {}

HttpBody::~HttpBody() = default;
HttpBody::HttpBody(HttpBody&&) noexcept = default;

std::size_t HttpBody::memory_bytes() const {
  return buffers_[0].capacity() + buffers_[1].capacity() + undecoded_.capacity() +
         (codings_.size() + (reader_ ? 1 : 0)) * kDecoderStateBytes;
}

// Sets up the decoders of a message's body: its content codings, then a
// multipart parser or a file decoder.
void HttpBody::start(const std::string& codings, const std::string& content_type, bool chunked,
                     const ContentContext& context) {
  reader_.reset();
  coding_names_.clear();
  std::string_view list = codings;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const std::string_view item = list.substr(0, comma);
    list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
    if (const char* name = content_coding(item)) {
      coding_names_.emplace_back(name);
    } else if (const std::string token = header_token(item); !token.empty() && token != "identity") {
      ++stats_->unknown_codings;
    }
  }
  build_codings();
  ++stats_->decoded_bodies;
  decoded_bytes_ = 0;
  undecoded_.clear();
  const std::string type = header_token(content_type);
  const std::string boundary = header_parameter(content_type, "boundary");
  if (type.rfind("multipart/", 0) == 0 && !boundary.empty()) {
    auto parser = std::make_unique<MimeParser>(*content_limits_, *content_stats_, context, 0);
    parser->expect_multipart(boundary);
    reader_ = std::move(parser);
  } else {
    // A plain body is in the raw stream already, as it is.
    reader_ =
        std::make_unique<FileDecoder>(*content_limits_, *content_stats_, context, 0, chunked || !codings_.empty());
  }
}

void HttpBody::write(ByteSpan bytes, ContentSink& sink) {
  if (!reader_ || bytes.empty()) return;
  if (total_ + bytes.size() > limits_->max_body_bytes) {
    if (!depth_reached_) {
      ++stats_->truncated;
      sink.truncated();
      depth_reached_ = true;
    }
    bytes = bytes.first(static_cast<std::size_t>(limits_->max_body_bytes - total_));
    if (bytes.empty()) return;
  }
  total_ += bytes.size();
  if (!codings_.empty()) sink.passed_decoded(bytes);
  decode(bytes, sink);
}

void HttpBody::build_codings() {
  codings_.clear();
  for (const std::string& name : coding_names_) codings_.push_back(make_content_decoder(name, *content_limits_));
}

void HttpBody::decode(ByteSpan bytes, ContentSink& sink) {
  // Until the codings give output, the body is kept: a coding that fails
  // before giving anything was not applied (a header repeated or misnamed),
  // and the body is read again without it, as browsers read it.
  if (!codings_.empty() && decoded_bytes_ == 0 && undecoded_.size() < kUndecodedBytes)
    undecoded_.append(as_chars(bytes.first(std::min(bytes.size(), kUndecodedBytes - undecoded_.size()))));
  ByteSpan piece = bytes;
  int buffer = 0;
  for (std::size_t level = codings_.size(); level-- > 0;) {
    ContentDecoder& d = *codings_[level];
    const bool was_bad = d.failed() || d.bomb();
    d.write(piece, buffers_[buffer]);
    if (!was_bad && d.bomb()) {
      ++content_stats_->bombs;
      sink.truncated();
    } else if (!was_bad && d.failed()) {
      ++content_stats_->inflate_errors;
      if (decoded_bytes_ == 0 && buffers_[buffer].empty() && undecoded_.size() < kUndecodedBytes) {
        coding_names_.erase(coding_names_.begin() + static_cast<std::ptrdiff_t>(level));
        build_codings();
        const std::string body = std::move(undecoded_);
        undecoded_.clear();
        return decode(as_bytes(body), sink);
      }
    }
    piece = as_bytes(buffers_[buffer]);
    buffer ^= 1;
  }
  decoded_bytes_ += piece.size();
  if (decoded_bytes_ > 0) undecoded_.clear();
  reader_->write(piece, sink);
}

void HttpBody::end(bool response, int status, const ContentContext& context, ContentSink& sink) {
  if (reader_) {
    reader_->finish(sink);
    sink.message({response, status, &context, decoded_bytes_});
  }
  reader_.reset();
  codings_.clear();
}

}  // namespace dlp
