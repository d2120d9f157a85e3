#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "app/analyzer.hpp"
#include "app/http/http_body.hpp"
#include "app/http2/http2_frame_reader.hpp"
#include "common/counters.hpp"

struct nghttp2_hd_inflater;

namespace dlp {

struct Http2Stats {
  std::uint64_t connections = 0;
  std::uint64_t streams = 0;
  std::uint64_t header_blocks = 0;
  std::uint64_t broken = 0;
  std::uint64_t skipped_frames = 0;
  std::uint64_t stream_evictions = 0;
  std::uint64_t pending_overflows = 0;
  static constexpr Counter<Http2Stats> counters[] = {
      {"connections", &Http2Stats::connections, "connections that began with the HTTP/2 preface"},
      {"streams", &Http2Stats::streams, "streams opened"},
      {"header_blocks", &Http2Stats::header_blocks, "header blocks decompressed (HPACK, by libnghttp2)"},
      {"broken", &Http2Stats::broken,
       "directions stopped: a bad preface, a header block that HPACK could not read or was too long, a hole"},
      {"skipped_frames", &Http2Stats::skipped_frames, "frames other than DATA longer than the limit, skipped"},
      {"stream_evictions", &Http2Stats::stream_evictions, "streams forgotten to keep max_streams"},
      {"pending_overflows", &Http2Stats::pending_overflows,
       "DATA of a stream waiting for another's body to end, past what is held: left to the raw scan"},
  };
};

// HTTP/2 (RFC 9113) after its connection preface: cleartext with prior
// knowledge, or what a TLS connection deciphered. Each direction's frames
// are read by an Http2FrameReader and its header blocks decompressed with
// libnghttp2's HPACK inflater; each stream is a message with its :method,
// :authority and :path (the response's named by its request), and its
// DATA is a body for HttpBody, as an HTTP/1 body is, always decoded as a
// piece (the raw bytes are frames: opaque), as is a request's path. One body per
// direction is decoded at a time: DATA of another stream waits (bounded)
// until it ends. A header block that cannot be read stops the direction:
// HPACK's state is lost with it.
class Http2Analyzer final : public Analyzer, private Http2FrameHandler {
 public:
  Http2Analyzer(const HttpLimits& limits, const ContentLimits& content_limits, HttpStats& http_stats,
                ContentStats& content_stats, Http2Stats& stats);
  ~Http2Analyzer() override;
  static std::unique_ptr<Analyzer> create(const AnalyzerEnv& env);
  // Whether the client's first bytes may be the connection preface.
  static bool preface(std::string_view head);

  void deliver(int dir, ByteSpan data, ContentSink& sink) override;
  void undelivered(int dir, ContentSink& sink) override;
  void end_of_stream(int dir, ContentSink& sink) override;
  bool claimed() const override { return claimed_; }
  // Frames and HPACK: what can be read of them is passed on decoded.
  bool opaque(int) const override { return claimed_; }
  const ContentContext* context(int dir) const override { return &context_[dir]; }
  void describe(int, ConnectionFacts& facts) const override { facts.http = &trail_; }
  std::size_t memory_bytes() const override;

 private:
  struct Stream {
    ContentContext context;  // the request's
    int status = 0;
    std::array<std::string, 2> codings, content_type;
    std::array<std::string, 2> pending;  // DATA waiting for the direction's current body to end
    std::array<bool, 2> ended{false, false};
    bool in_trail = false;  // its request is in trail_ (a trailer block is not another request)
  };
  struct Block {  // a header block being put together from its frames
    std::string bytes;
    std::uint32_t stream = 0;
    bool end_stream = false, promise = false;
  };
  struct FreeInflater {
    void operator()(nghttp2_hd_inflater* p) const;
  };

  void data(int dir, const Http2FrameHeader& f, ByteSpan piece, bool last) override;
  void frame(int dir, const Http2FrameHeader& f, ByteSpan payload) override;
  void skipped(int) override { ++stats_.skipped_frames; }
  void start_block(int dir, const Http2FrameHeader& f, ByteSpan payload);
  void settings(int dir, ByteSpan payload);
  void header_block(int dir);
  bool inflate(int dir, Stream& s, bool request);
  Stream& stream(std::uint32_t id);
  void stream_ended(int dir, std::uint32_t id);
  void begin_body(int dir, std::uint32_t id);
  void finish_body(int dir);
  void stop(int dir);

  const HttpLimits& limits_;
  HttpStats& http_stats_;
  Http2Stats& stats_;
  std::array<Http2FrameReader, 2> readers_;
  std::array<std::unique_ptr<nghttp2_hd_inflater, FreeInflater>, 2> inflaters_;
  std::array<Block, 2> blocks_;
  std::map<std::uint32_t, Stream> streams_;
  RequestTrail trail_;  // the client's requests, for the receiver's summary
  std::array<HttpBody, 2> bodies_;
  std::array<std::uint32_t, 2> current_{0, 0};  // the stream whose body is being decoded, 0 none
  std::array<ContentContext, 2> context_;       // its request
  std::size_t pending_bytes_ = 0;
  bool claimed_ = false;
  std::array<bool, 2> broken_{false, false};  // the direction stopped, counted
  ContentSink* sink_ = nullptr;
};

}  // namespace dlp
