#pragma once
#include <cstdint>

#include "common/byte_span.hpp"
#include "common/content_context.hpp"

namespace dlp {

// An application message whose body was decoded, for the transaction log
// (--http-log): which request, which response status, how many body bytes
// its framing and content codings gave.
struct MessageRecord {
  bool response = false;
  int status = 0;
  const ContentContext* context = nullptr;
  std::uint64_t body_bytes = 0;
};

// Receives decoded content: each piece (a body, a part, a file, an entry
// of an archive) between begin and end, so that no token spans two.
class ContentSink {
 public:
  virtual void begin(const ContentContext& context) = 0;
  virtual void data(ByteSpan decoded) = 0;
  virtual void end() = 0;
  // A limit cut what is being decoded: the alert says it is truncated.
  virtual void truncated() = 0;
  virtual void message(const MessageRecord&) {}
  // Bytes an analyzer deciphered (a TLS connection's application data):
  // scanned as the raw bytes of a cleartext connection are.
  virtual void plaintext(ByteSpan) {}
  // Bytes of the delivered stream that the decoded scan gets, decoded (a
  // content coding's input: a gzip'd body) or as they are (a chunked
  // body's data, a multipart part's text): the raw scan may skip them, so
  // that they are scanned once, and not as noise.
  virtual void passed_decoded(ByteSpan) {}

 protected:
  ~ContentSink() = default;
};

// A decoding stage fed bytes in order (a file, a MIME entity) that passes
// what it decodes to a ContentSink.
class ContentReader {
 public:
  virtual ~ContentReader() = default;
  virtual void write(ByteSpan data, ContentSink& out) = 0;
  // The end of the input: what is held is decoded and passed on.
  virtual void finish(ContentSink& out) = 0;
};

}  // namespace dlp
