#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/coding/content_decoder.hpp"
#include "app/content_limits.hpp"
#include "app/content_sink.hpp"
#include "app/http/http_limits.hpp"

namespace dlp {

// The body of one HTTP message, after its framing: its content codings
// (gzip, deflate, br, stacked) undone, a multipart body split into its
// parts, and what comes out decoded as a file. A plain body is left to the
// raw scan, which sees it already: only what decoding reveals in it (an
// archive, UTF-16) is passed on. The direction's bodies together are
// decoded up to max_body_bytes.
class HttpBody {
 public:
  HttpBody(const HttpLimits& limits, const ContentLimits& content_limits, HttpStats& stats,
           ContentStats& content_stats);
  ~HttpBody();
  HttpBody(HttpBody&&) noexcept;

  // A body starts, with the message's Content-Encoding and Content-Type;
  // `context` names the message and outlives the body.
  void start(const std::string& codings, const std::string& content_type, bool chunked, const ContentContext& context);
  void write(ByteSpan bytes, ContentSink& sink);
  // The body is complete (or cut short): what is held is decoded, and the
  // message is recorded for the transaction log.
  void end(bool response, int status, const ContentContext& context, ContentSink& sink);
  std::size_t memory_bytes() const;

 private:
  static constexpr std::size_t kDecoderStateBytes = 64 << 10;  // zlib's state and window, a part's buffers
  static constexpr std::size_t kUndecodedBytes = 64 << 10;
  void decode(ByteSpan bytes, ContentSink& sink);
  void build_codings();

  const HttpLimits* limits_;
  const ContentLimits* content_limits_;
  HttpStats* stats_;
  ContentStats* content_stats_;
  std::uint64_t total_ = 0;  // body bytes decoded in this direction
  bool depth_reached_ = false;
  std::uint64_t decoded_bytes_ = 0;  // of this body, out of the content codings
  // The body's content codings, outermost last (undone last to first), and
  // the reader of what they give.
  std::vector<std::string> coding_names_;
  std::vector<std::unique_ptr<ContentDecoder>> codings_;
  std::unique_ptr<ContentReader> reader_;
  std::string buffers_[2];
  std::string undecoded_;  // the body's first bytes, while its codings give nothing
};

}  // namespace dlp
