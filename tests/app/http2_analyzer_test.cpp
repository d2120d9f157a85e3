#include <gtest/gtest.h>
#include <nghttp2/nghttp2.h>

#include <string>
#include <vector>

#include "app/app_config.hpp"
#include "app/content_helper.hpp"
#include "app/http2/http2_analyzer.hpp"

namespace dlp::http2_test {

using dlp::test::Pieces;

std::string frame(std::uint8_t type, std::uint8_t flags, std::uint32_t stream, const std::string& payload) {
  const auto n = static_cast<std::uint32_t>(payload.size());
  std::string f{static_cast<char>(n >> 16), static_cast<char>(n >> 8), static_cast<char>(n), static_cast<char>(type),
                static_cast<char>(flags)};
  for (int shift = 24; shift >= 0; shift -= 8) f.push_back(static_cast<char>(stream >> shift));
  return f + payload;
}

// A header block as a client's HPACK encoder (libnghttp2's deflater) writes it.
struct Encoder {
  nghttp2_hd_deflater* deflater = nullptr;
  Encoder() { nghttp2_hd_deflate_new(&deflater, 4096); }
  ~Encoder() { nghttp2_hd_deflate_del(deflater); }
  std::string block(const std::vector<std::pair<std::string, std::string>>& headers) {
    std::vector<nghttp2_nv> nv;
    for (const auto& [name, value] : headers)
      nv.push_back({reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data())),
                    reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(),
                    NGHTTP2_NV_FLAG_NONE});
    std::string out(nghttp2_hd_deflate_bound(deflater, nv.data(), nv.size()), '\0');
    const auto n =
        nghttp2_hd_deflate_hd(deflater, reinterpret_cast<std::uint8_t*>(out.data()), out.size(), nv.data(), nv.size());
    out.resize(static_cast<std::size_t>(n));
    return out;
  }
};

std::string put(Encoder& e, const std::string& path) {
  return e.block({{":method", "PUT"},
                  {":scheme", "https"},
                  {":authority", "pan.example.cn"},
                  {":path", path},
                  {"content-type", "text/csv"}});
}

struct Session {
  AppConfig config;
  AppStats stats;
  Pieces client, server;
  Http2Analyzer analyzer{config.http, config.content, stats.http, stats.content, stats.http2};
  void feed(int dir, const std::string& data, std::size_t piece) {
    for (std::size_t i = 0; i < data.size(); i += piece)
      analyzer.deliver(dir, as_bytes(std::string_view(data).substr(i, piece)), dir == 0 ? client : server);
  }
};

// Two uploads at once: stream 3's DATA waits for stream 1's body to end;
// a block split over CONTINUATION, padding, and every split point.
TEST(Http2Analyzer, InterleavedStreamsEachBodyAPieceWithItsRequest) {
  for (std::size_t piece : {std::size_t{1 << 20}, std::size_t{7}, std::size_t{1}}) {
    Session s;
    Encoder e;
    const std::string a = put(e, "/a.csv"), b = put(e, "/b.csv");
    std::string c(Http2FrameReader::kPreface);
    c += frame(h2::settings, 0, 0, "");
    c += frame(h2::headers, 0, 1, a.substr(0, 5)) + frame(h2::continuation, h2::end_headers, 1, a.substr(5));
    c += frame(h2::headers, h2::end_headers | h2::padded, 3, std::string(1, '\x02') + b + std::string(2, '\0'));
    c += frame(h2::data, 0, 1, "姓名,手机号\n张伟,");
    c += frame(h2::data, h2::padded, 3, std::string(1, '\x03') + "other file" + std::string(3, '\0'));
    c += frame(h2::data, h2::end_stream, 1, "13912345678\n");
    c += frame(h2::data, h2::end_stream, 3, " ends");
    s.feed(0, c, piece);
    s.analyzer.end_of_stream(0, s.client);
    EXPECT_TRUE(s.analyzer.claimed());
    EXPECT_TRUE(s.analyzer.opaque(0));
    ASSERT_EQ(s.client.done,
              (std::vector<std::string>{"/a.csv", "/b.csv", "姓名,手机号\n张伟,13912345678\n", "other file ends"}))
        << piece;
    ASSERT_EQ(s.client.contexts.size(), 4u);
    EXPECT_EQ(s.client.contexts[2].http_uri, "/a.csv");
    EXPECT_EQ(s.client.contexts[3].http_uri, "/b.csv");
    EXPECT_EQ(s.client.contexts[3].http_method, "PUT");
    EXPECT_EQ(s.client.contexts[3].http_host, "pan.example.cn");
    EXPECT_EQ(s.stats.http2.header_blocks, 2u);
    EXPECT_EQ(s.stats.http2.broken, 0u);
  }
}

TEST(Http2Analyzer, BadPrefaceOrHeaderBlockStopsTheDirection) {
  EXPECT_TRUE(Http2Analyzer::preface("PRI * HT"));
  EXPECT_FALSE(Http2Analyzer::preface("GET / HTTP/1.1\r\n"));
  Session s;
  s.feed(0, "PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n", 1 << 20);
  EXPECT_FALSE(s.analyzer.claimed());
  Session t;
  t.feed(0, std::string(Http2FrameReader::kPreface) + frame(h2::headers, h2::end_headers, 1, "\xff\xff\xff\xff"),
         1 << 20);
  EXPECT_TRUE(t.analyzer.claimed());
  EXPECT_EQ(t.stats.http2.broken, 1u);
  t.feed(0, frame(h2::data, h2::end_stream, 1, "ignored"), 1 << 20);
  EXPECT_TRUE(t.client.done.empty());
}

// The client's requests go to the connection's request trail once each (a
// trailer block is not another request), with its first User-Agent.
TEST(Http2Analyzer, TheRequestsAndTheirUserAgentForTheReceiversSummary) {
  Session s;
  Encoder e;
  std::string c(Http2FrameReader::kPreface);
  c += frame(h2::settings, 0, 0, "");
  for (std::uint32_t id : {1u, 3u, 5u}) {
    const std::string path = "/api/customer/" + std::to_string(1000 + id);
    c += frame(h2::headers, h2::end_headers, id,
               e.block({{":method", "GET"}, {":scheme", "https"}, {":path", path}, {"user-agent", "okhttp/4.12"}}));
  }
  c += frame(h2::headers, h2::end_headers | h2::end_stream, 1, e.block({{"x-trailer", "1"}}));
  s.feed(0, c, 1 << 20);
  ConnectionFacts facts;
  s.analyzer.describe(1, facts);
  ASSERT_NE(facts.http, nullptr);
  EXPECT_EQ(facts.http->requests, 3u);
  EXPECT_EQ(facts.http->uris,
            (std::vector<std::string>{"/api/customer/1001", "/api/customer/1003", "/api/customer/1005"}));
  EXPECT_EQ(facts.http->user_agent, "okhttp/4.12");
}

}  // namespace dlp::http2_test
