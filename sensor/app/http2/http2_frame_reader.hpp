#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/byte_span.hpp"

namespace dlp {

// HTTP/2 frame types and flags (RFC 9113 §6).
namespace h2 {
constexpr std::uint8_t data = 0, headers = 1, settings = 4, push_promise = 5, continuation = 9;
constexpr std::uint8_t end_stream = 0x1, end_headers = 0x4, padded = 0x8, priority = 0x20;
}  // namespace h2

struct Http2FrameHeader {
  std::uint32_t length = 0;
  std::uint8_t type = 0, flags = 0;
  std::uint32_t stream = 0;
};

// What one direction's frames carry, as they are read.
class Http2FrameHandler {
 public:
  // A DATA frame's data, in pieces (padding left out); `last` with the
  // frame's last piece.
  virtual void data(int dir, const Http2FrameHeader& f, ByteSpan piece, bool last) = 0;
  // Any other frame, whole (padding still in).
  virtual void frame(int dir, const Http2FrameHeader& f, ByteSpan payload) = 0;
  // A frame other than DATA longer than the limit, skipped.
  virtual void skipped(int dir) = 0;

 protected:
  ~Http2FrameHandler() = default;
};

// One direction of an HTTP/2 connection read frame by frame (RFC 9113 §4)
// from bytes in any pieces: the client's connection preface first, then
// 9-byte frame headers. DATA is passed on as it comes, without a copy;
// other frames are held whole up to max_frame_bytes (a longer one is
// skipped and counted, and stops the reading if it carries headers).
class Http2FrameReader {
 public:
  static constexpr std::string_view kPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
  enum class State { preface, header, pad_length, payload, padding, skip, stopped };

  Http2FrameReader(int dir, std::size_t max_frame_bytes)
      : dir_(dir), max_frame_(max_frame_bytes), state_(dir == 0 ? State::preface : State::header),
        past_preface_(dir != 0) {}

  // Bytes in order; false once the reading has stopped (a bad preface, a
  // header block frame too long).
  bool feed(ByteSpan data, Http2FrameHandler& handler);
  void stop() { state_ = State::stopped; }
  bool stopped() const { return state_ == State::stopped; }
  bool past_preface() const { return past_preface_; }
  std::size_t memory_bytes() const { return payload_.capacity(); }

 private:
  std::size_t take_header(ByteSpan data, Http2FrameHandler& handler);
  void start_frame(Http2FrameHandler& handler);
  std::size_t take_pad_length(std::uint8_t pad, Http2FrameHandler& handler);
  std::size_t take_payload(ByteSpan data, Http2FrameHandler& handler);
  void end_payload(Http2FrameHandler& handler, bool announce = true);

  int dir_;
  std::size_t max_frame_;
  State state_;
  std::array<std::uint8_t, 9> header_bytes_{};
  std::size_t have_ = 0;  // bytes of the preface or header read
  Http2FrameHeader frame_;
  std::size_t left_ = 0;       // of the payload (or padding) still to come
  std::size_t pad_ = 0;        // padding after a DATA frame's data
  std::string payload_;        // a non-DATA frame's payload being held
  bool past_preface_ = false;  // the server's side has none
};

}  // namespace dlp
