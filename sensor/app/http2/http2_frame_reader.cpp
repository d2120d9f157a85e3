#include "app/http2/http2_frame_reader.hpp"

#include <algorithm>

namespace dlp {

bool Http2FrameReader::feed(ByteSpan data, Http2FrameHandler& handler) {
  while (!data.empty() && state_ != State::stopped) {
    std::size_t used = 0;
    switch (state_) {
      case State::preface:
        used = std::min(kPreface.size() - have_, data.size());
        have_ += used;
        if (as_chars(data.first(used)) != kPreface.substr(have_ - used, used))
          state_ = State::stopped;
        else if (have_ == kPreface.size())
          state_ = State::header, have_ = 0, past_preface_ = true;
        break;
      case State::header: used = take_header(data, handler); break;
      case State::pad_length: used = take_pad_length(data[0], handler); break;
      case State::payload: used = take_payload(data, handler); break;
      case State::padding:
      case State::skip:
        used = std::min(left_, data.size());
        left_ -= used;
        if (left_ == 0) state_ = State::header;
        break;
      case State::stopped: break;
    }
    data = data.subspan(used);
  }
  return state_ != State::stopped;
}

std::size_t Http2FrameReader::take_header(ByteSpan data, Http2FrameHandler& handler) {
  const std::size_t n = std::min(header_bytes_.size() - have_, data.size());
  std::copy_n(data.begin(), n, header_bytes_.begin() + static_cast<std::ptrdiff_t>(have_));
  have_ += n;
  if (have_ == header_bytes_.size()) start_frame(handler);
  return n;
}

void Http2FrameReader::start_frame(Http2FrameHandler& handler) {
  const auto& h = header_bytes_;
  have_ = 0;
  frame_.length = std::uint32_t{h[0]} << 16 | std::uint32_t{h[1]} << 8 | h[2];
  frame_.type = h[3];
  frame_.flags = h[4];
  frame_.stream =
      (std::uint32_t{h[5]} << 24 | std::uint32_t{h[6]} << 16 | std::uint32_t{h[7]} << 8 | h[8]) & 0x7fffffff;
  left_ = frame_.length;
  pad_ = 0;
  payload_.clear();
  const bool data = frame_.type == h2::data;
  if (!data && frame_.length > max_frame_) {
    handler.skipped(dir_);
    // Losing a header block loses the HPACK state: nothing after it can be read.
    const bool block = frame_.type == h2::headers || frame_.type == h2::push_promise || frame_.type == h2::continuation;
    state_ = block ? State::stopped : State::skip;
  } else if (data && (frame_.flags & h2::padded)) {
    state_ = left_ > 0 ? State::pad_length : State::stopped;
  } else {
    state_ = State::payload;
    if (left_ == 0) end_payload(handler);
  }
}

std::size_t Http2FrameReader::take_pad_length(std::uint8_t pad, Http2FrameHandler& handler) {
  --left_;
  if (pad > left_) {  // more padding than payload (RFC 9113 §6.1)
    state_ = State::stopped;
    return 1;
  }
  pad_ = pad;
  left_ -= pad;
  state_ = State::payload;
  if (left_ == 0) end_payload(handler);
  return 1;
}

std::size_t Http2FrameReader::take_payload(ByteSpan data, Http2FrameHandler& handler) {
  const std::size_t n = std::min(left_, data.size());
  left_ -= n;
  if (frame_.type == h2::data) {
    if (n > 0) handler.data(dir_, frame_, data.first(n), left_ == 0);
    if (left_ == 0) end_payload(handler, false);
  } else {
    payload_.append(as_chars(data.first(n)));
    if (left_ == 0) end_payload(handler);
  }
  return n;
}

// The payload is complete: the frame is passed on (a DATA frame's end when
// `announce`: it had no data piece), then its padding is skipped.
void Http2FrameReader::end_payload(Http2FrameHandler& handler, bool announce) {
  if (frame_.type != h2::data)
    handler.frame(dir_, frame_, as_bytes(payload_));
  else if (announce)
    handler.data(dir_, frame_, {}, true);
  if (state_ == State::stopped) return;  // the handler stopped the reading
  state_ = pad_ > 0 ? State::padding : State::header;
  left_ = pad_;
}

}  // namespace dlp
