#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "common/byte_span.hpp"

namespace dlp {

// Cuts one direction of a PostgreSQL connection (protocol 3.0) into
// messages: a type byte and a 4-byte big-endian length that counts itself,
// then the body. The client's first messages (startup, SSLRequest,
// GSSENCRequest, CancelRequest) have no type byte; the server answers an
// SSLRequest or GSSENCRequest with one byte alone. At most `max_body` bytes
// of a body are held; the rest is skipped, and the callback is told the
// whole length.
class PgsqlFramer {
 public:
  // Not type bytes (those are 0 to 255): a startup-phase message, and the
  // answer to an encryption request ('S', 'G' or 'N').
  static constexpr int kUntyped = -1, kOneByte = -2;

  explicit PgsqlFramer(std::size_t max_body) : max_body_(max_body) {}

  // The next messages have no type byte (true), or one (false).
  void expect_untyped(bool on) { untyped_ = on; }
  // The next byte is an answer alone.
  void expect_one_byte() { one_byte_ = true; }

  // on_message(type, body, whole_length) for each complete message in
  // `data`; false when a length is impossible (shorter than itself).
  template <class OnMessage>
  bool feed(ByteSpan data, OnMessage&& on_message) {
    while (!data.empty()) {
      if (one_byte_ && header_len_ == 0) {
        one_byte_ = false;
        on_message(kOneByte, data.first(1), 1);
        data = data.subspan(1);
        continue;
      }
      const std::size_t header = untyped_ ? 4 : 5;
      if (header_len_ < header) {
        const std::size_t n = std::min(header - header_len_, data.size());
        std::copy_n(data.begin(), n, header_ + header_len_);
        header_len_ += n;
        data = data.subspan(n);
        if (header_len_ < header) return true;
        if (!start_body(header)) return false;
      }
      const std::size_t n = std::min<std::uint64_t>(remaining_, data.size());
      const std::size_t keep = std::min(n, max_body_ - std::min(max_body_, body_.size()));
      body_.insert(body_.end(), data.begin(), data.begin() + static_cast<std::ptrdiff_t>(keep));
      data = data.subspan(n);
      remaining_ -= n;
      if (remaining_ > 0) return true;
      header_len_ = 0;
      on_message(type_, ByteSpan(body_), whole_);
      body_.clear();
    }
    return true;
  }
  std::size_t memory_bytes() const { return body_.capacity(); }

 private:
  bool start_body(std::size_t header) {
    type_ = untyped_ ? kUntyped : header_[0];
    const std::uint8_t* l = header_ + header - 4;
    const std::uint32_t length = std::uint32_t{l[0]} << 24 | l[1] << 16 | l[2] << 8 | l[3];
    if (length < 4) return false;
    whole_ = remaining_ = length - 4;
    return true;
  }

  std::size_t max_body_;
  bool untyped_ = false;
  bool one_byte_ = false;
  std::uint8_t header_[5] = {};
  std::size_t header_len_ = 0;
  int type_ = 0;
  std::uint64_t remaining_ = 0, whole_ = 0;
  std::vector<std::uint8_t> body_;
};

}  // namespace dlp
