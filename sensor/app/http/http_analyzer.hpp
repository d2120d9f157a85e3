#pragma once
#include <array>
#include <memory>

#include "app/analyzer.hpp"
#include "app/http/http_reader.hpp"

namespace dlp {

// HTTP/1.x on both directions of a connection, found from the bytes (any
// port): each direction's framing is read by an HttpReader, and the two
// share the requests awaiting their responses.
class HttpAnalyzer final : public Analyzer {
 public:
  HttpAnalyzer(const HttpLimits& limits, const ContentLimits& content_limits, HttpStats& stats,
               ContentStats& content_stats);
  HttpAnalyzer(const HttpAnalyzer&) = delete;
  HttpAnalyzer& operator=(const HttpAnalyzer&) = delete;
  static std::unique_ptr<Analyzer> create(const AnalyzerEnv& env);

  void deliver(int dir, ByteSpan data, ContentSink& sink) override { readers_[dir].feed(data, sink); }
  void undelivered(int dir, ContentSink& sink) override { readers_[dir].gap(sink); }
  void end_of_stream(int dir, ContentSink& sink) override { readers_[dir].close(sink); }
  bool claimed() const override { return readers_[0].is_http() || readers_[1].is_http(); }
  const ContentContext* context(int dir) const override { return &readers_[dir].context(); }
  void describe(int, ConnectionFacts& facts) const override { facts.http = &exchange_.trail; }
  std::size_t memory_bytes() const override {
    return sizeof(*this) + readers_[0].memory_bytes() + readers_[1].memory_bytes() + exchange_.trail.memory_bytes();
  }

 private:
  HttpExchange exchange_;  // the readers point to it: the analyzer never moves
  std::array<HttpReader, 2> readers_;
};

}  // namespace dlp
