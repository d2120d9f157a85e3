#include <gtest/gtest.h>

#include "app/content_helper.hpp"
#include "app/http/http_reader.hpp"

namespace dlp {
namespace {

using test::Pieces;
using test::zlib_compress;

std::string chunked(const std::string& body, std::size_t size) {
  std::string out;
  for (std::size_t i = 0; i < body.size(); i += size) {
    std::string part = body.substr(i, size);
    char hex[32];
    std::snprintf(hex, sizeof hex, "00%zx;ext=1\r\n", part.size());  // leading zeros and an extension
    out += hex + part + "\r\n";
  }
  return out + "0\r\nX-Trailer: t\r\n\r\n";
}

struct Feed {
  HttpLimits limits;
  ContentLimits content_limits;
  HttpStats stats;
  ContentStats content_stats;
  HttpExchange exchange;
  Pieces bodies;
  // Feeds `data` in pieces of `piece` bytes.
  void feed(const std::string& data, std::size_t piece = 1 << 20) {
    HttpReader http(limits, content_limits, stats, content_stats, exchange);
    for (std::size_t i = 0; i < data.size(); i += piece)
      http.feed(as_bytes(std::string_view(data).substr(i, piece)), bodies);
    http.close(bodies);
  }
};

const std::string kJson = R"({"rows":[{"name":"张伟","mobile":"13912345678"}]})";

// A gzip'd JSON body sent chunked, the gzip stream split across chunks and
// fed one byte at a time: the JSON comes out whole.
TEST(HttpReader, ChunkedGzipSplitAnywhere) {
  const std::string body = chunked(zlib_compress(kJson), 7);
  const std::string request =
      "POST /api HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
      "Content-Encoding: gzip\r\n\r\n" +
      body;
  for (std::size_t piece : {std::size_t{1}, std::size_t{3}, std::size_t{1000}}) {
    Feed run;
    run.feed(request, piece);
    ASSERT_EQ(run.bodies.done, std::vector<std::string>{kJson}) << piece;
    EXPECT_EQ(run.stats.messages, 1u);
    EXPECT_EQ(run.stats.decoded_bodies, 1u);
  }
}

// Keep-alive: two messages, bare LF line ends, folded headers, any case.
TEST(HttpReader, KeepAliveBareLfFoldingAndCase) {
  const std::string z = zlib_compress("second");
  const std::string data =
      "POST /a HTTP/1.1\nHost: x\ntransfer-ENCODING:\n chunked\n\n5\nfirst\n0\n\n"
      "POST /b HTTP/1.1\nCONTENT-length: " +
      std::to_string(z.size()) + "\ncontent-encoding: x-gzip\n\n" + z;
  Feed run;
  run.feed(data);
  EXPECT_EQ(run.bodies.done, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(run.stats.messages, 2u);
}

// "deflate" as zlib, as raw deflate and as gzip; a plain body is left to the raw scan.
TEST(HttpReader, DeflateBothWaysAndPlainBodies) {
  for (int bits : {15, -15, 31}) {
    const std::string z = zlib_compress("deflated", bits);
    Feed run;
    run.feed("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\nContent-Length: " + std::to_string(z.size()) +
             "\r\n\r\n" + z);
    EXPECT_EQ(run.bodies.done, std::vector<std::string>{"deflated"}) << bits;
  }
  std::string damaged = zlib_compress("deflated", 15);  // a wrong Adler-32: what came out is kept
  damaged.back() ^= 1;
  Feed checked;
  checked.feed("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\nContent-Length: " + std::to_string(damaged.size()) +
               "\r\n\r\n" + damaged);
  EXPECT_EQ(checked.bodies.done, std::vector<std::string>{"deflated"});
  EXPECT_EQ(checked.content_stats.inflate_errors, 1u);
  Feed plain;
  plain.feed("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(plain.bodies.done.empty());
  EXPECT_EQ(plain.stats.messages, 2u);
}

TEST(HttpReader, HostileFraming) {
  Feed conflict;  // the first length is read, as browsers read it; the second request follows
  conflict.feed("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!GET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(conflict.stats.bad_framing, 1u);
  EXPECT_EQ(conflict.bodies.message_bodies, (std::vector<std::uint64_t>{5}));
  EXPECT_EQ(conflict.stats.messages, 2u);  // "!GET / HTTP/1.1", read as the next message's head
  Feed bad_chunk;                          // not chunked after all, and no length: a request body cannot be framed
  bad_chunk.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc");
  EXPECT_EQ(bad_chunk.stats.bad_framing, 1u);
  EXPECT_TRUE(bad_chunk.bodies.done.empty());
  Feed both;  // Transfer-Encoding wins over Content-Length
  both.feed("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nbody\r\n0\r\n\r\n");
  EXPECT_EQ(both.bodies.done, std::vector<std::string>{"body"});
  Feed long_header;
  long_header.limits.max_header_bytes = 100;
  long_header.feed("GET / HTTP/1.1\r\nX: " + std::string(200, 'a') + "\r\n\r\n");
  EXPECT_EQ(long_header.stats.header_overflows, 1u);
  Feed not_http;
  not_http.feed("SSH-2.0-OpenSSH\r\n");
  EXPECT_EQ(not_http.stats.messages, 0u);
}

TEST(HttpReader, BombTruncatedGzipAndBodyCap) {
  const std::string zeros = zlib_compress(std::string(20 << 20, '0'));
  Feed bomb;
  bomb.feed("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + std::to_string(zeros.size()) +
            "\r\n\r\n" + zeros);
  EXPECT_EQ(bomb.content_stats.bombs, 1u);
  ASSERT_EQ(bomb.bodies.done.size(), 1u);
  EXPECT_LE(bomb.bodies.done[0].size(), 4u << 20);  // stopped by the ratio cap early
  const std::string z = zlib_compress(kJson);
  Feed cut;
  cut.feed("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + z.substr(0, z.size() / 2) + "garbage!");
  EXPECT_EQ(cut.content_stats.inflate_errors, 1u);
  Feed capped;
  capped.limits.max_body_bytes = 4;
  capped.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n0\r\n\r\n");
  EXPECT_EQ(capped.bodies.done, std::vector<std::string>{"1234"});
  EXPECT_EQ(capped.stats.truncated, 1u);
}

// br, and gzip then br stacked (undone in reverse order).
TEST(HttpReader, BrotliAndStackedCodings) {
  const std::string br = test::brotli_compress(kJson);
  Feed one;
  one.feed("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: " + std::to_string(br.size()) + "\r\n\r\n" + br,
           5);
  EXPECT_EQ(one.bodies.done, std::vector<std::string>{kJson});
  const std::string stacked = test::brotli_compress(zlib_compress(kJson));
  Feed two;
  two.feed("POST /x HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Encoding: br\r\nContent-Length: " +
               std::to_string(stacked.size()) + "\r\n\r\n" + stacked,
           3);
  EXPECT_EQ(two.bodies.done, std::vector<std::string>{kJson});
  Feed unknown;
  unknown.feed("POST /x HTTP/1.1\r\nContent-Encoding: zstd\r\nContent-Length: 3\r\n\r\nabc");
  EXPECT_EQ(unknown.stats.unknown_codings, 1u);
  EXPECT_TRUE(unknown.bodies.done.empty());
}

// Each direction is its own analyzer; the response knows its request: a
// HEAD response's Content-Length has no body after it, and a download is
// named by the request's URI and its Content-Disposition.
TEST(HttpReader, ResponsesKnowTheirRequests) {
  Feed f;
  HttpReader client(f.limits, f.content_limits, f.stats, f.content_stats, f.exchange);
  HttpReader server(f.limits, f.content_limits, f.stats, f.content_stats, f.exchange);
  client.feed(as_bytes(std::string_view("HEAD /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b.csv HTTP/1.1\r\nHost: h\r\n\r\n")),
              f.bodies);
  const std::string z = zlib_compress("id,mobile");
  server.feed(as_bytes(std::string_view("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")), f.bodies);
  server.feed(
      as_bytes("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Disposition: attachment; filename=\"b.csv\"\r\n"
               "Content-Length: " +
               std::to_string(z.size()) + "\r\n\r\n" + z),
      f.bodies);
  EXPECT_EQ(f.stats.messages, 4u);
  ASSERT_EQ(f.bodies.done, std::vector<std::string>{"id,mobile"});
  EXPECT_EQ(f.bodies.contexts[0].http_method, "GET");
  EXPECT_EQ(f.bodies.contexts[0].http_uri, "/b.csv");
  EXPECT_EQ(f.bodies.contexts[0].http_host, "h");
  EXPECT_EQ(f.bodies.contexts[0].filename, "b.csv");
  EXPECT_EQ(f.stats.bad_framing, 0u);
}

// What HTTP-Evader serves, read as browsers read it: a body that is not
// encoded as it says is passed as it is; chunk sizes with junk after the
// hex digits or blank lines before them; a chunked coding the body does not
// follow is ignored.
TEST(HttpReader, ReadAsBrowsersRead) {
  Feed mislabelled;
  mislabelled.feed("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 11\r\n\r\n13912345678", 4);
  EXPECT_EQ(mislabelled.bodies.done, std::vector<std::string>{"13912345678"});
  EXPECT_EQ(mislabelled.content_stats.inflate_errors, 1u);
  Feed junk;
  junk.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\n5x\r\n13912\r\n6 ;a\r\n345678\r\n0\r\n\r\n");
  EXPECT_EQ(junk.bodies.done, std::vector<std::string>{"13912345678"});
  Feed not_chunked;  // a body that does not start with a chunk size is read to the close
  not_chunked.feed("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n" +
                   zlib_compress("5\r\nplain"));
  EXPECT_EQ(not_chunked.bodies.done, std::vector<std::string>{"5\r\nplain"});
}

// HTTP-Evader's header evasions: each response must give the gzip'd body,
// and end where it ends.
TEST(HttpReader, HeaderEvasionsReadAsBrowsersRead) {
  using namespace std::string_literals;
  const std::string z = zlib_compress("13912345678"), n = std::to_string(z.size());
  std::string flagged = z.substr(0, 10) + std::string("\x12\x34", 2) + z.substr(10);  // a header CRC zlib rejects
  flagged[3] = static_cast<char>(flagged[3] | 0x02 | 0x20);                           // and a reserved flag
  const std::string chunked_z = chunked(z, 5);
  const std::vector<std::string> responses = {
      "http/1.1 200 ok\r\nContent-Encoding: gzip\r\nContent-Length: " + n + "\r\n\r\n" + z,
      " \r\nHTTP/2.0 200 ok\r\nContent-Encoding: gzip\r\nContent-Length: " + n + "\r\n\r\n" + z,
      "HTTP/1\0.1 200 ok\r\nContent-Encoding:\r gzip\r\nContent-Length: "s + n + "\r\n\r\n" + z,
      "HTTP/1.1 200 ok\r\nContent-Encoding: x_gzip\r\nContent-Length: " + n + "A\r\n\r\n" + z,
      "HTTP/1.1 200 ok\r\nTransfer\0-Encoding: xchunked\r\nContent-Encoding: gzip\r\n\r\n"s + chunked_z,
      "HTTP/1.1 200 ok\r\n Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n" + chunked_z,
      "HTTP/1.1 200 ok\r\nTransfer-Encoding\r\n :chunked\r\nContent-Encoding: gzip\r\n\r\n" + chunked_z,
      "HTTP/1.1 200 ok\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\nContent-Length: " + n + "\r\n\r\n" +
          z,
      "HTTP/1.1 200 ok\r\nContent-Encoding: gzip\r\nContent-Encoding: deflate,gzip\r\nContent-Length: " + n +
          "\r\n\r\n" + z,
      "HTTP/1.1 200 ok\r\nContent-Encoding: gzip\r\nContent-Length: " + std::to_string(flagged.size()) + "\r\n\r\n" +
          flagged,
      "HTTP/1.1 200 ok\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n\r" + chunked_z,
  };
  // A plain response after each: it is read only if the evasive one was framed right.
  const std::string next = "HTTP/1.1 200 ok\r\nContent-Encoding: gzip\r\nContent-Length: " + n + "\r\n\r\n" + z;
  for (std::size_t i = 0; i < responses.size(); ++i)
    for (std::size_t piece : {std::size_t{1}, std::size_t{1000}}) {
      Feed run;
      run.feed(responses[i] + next, piece);
      EXPECT_EQ(run.bodies.done, (std::vector<std::string>{"13912345678", "13912345678"}))
          << "response " << i << " piece " << piece;
    }
}

// A reply that does not start as HTTP is an HTTP/0.9 response: all body.
TEST(HttpReader, HeaderlessResponseIsAllBody) {
  Feed f;
  HttpReader client(f.limits, f.content_limits, f.stats, f.content_stats, f.exchange);
  HttpReader server(f.limits, f.content_limits, f.stats, f.content_stats, f.exchange);
  client.feed(as_bytes(std::string_view("GET /list.csv HTTP/1.1\r\nHost: h\r\n\r\n")), f.bodies);
  server.feed(as_bytes(std::string_view("13912345678,")), f.bodies);
  server.feed(as_bytes(std::string_view("13912345679")), f.bodies);
  server.close(f.bodies);
  EXPECT_EQ(f.bodies.message_bodies, (std::vector<std::uint64_t>{23}));
  EXPECT_EQ(server.context().http_uri, "/list.csv");
}

// A multipart upload: each part its own piece, named by its file; the
// boundary split at every point of the stream.
TEST(HttpReader, MultipartPartsSplitAnywhere) {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nfield\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"list.csv\"\r\n"
      "Content-Type: text/csv\r\n\r\nid\r\n--XyZ-not-a-boundary\r\n--XyZ--\r\n";
  const std::string request =
      "POST /up HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  for (std::size_t piece = 1; piece <= request.size(); piece += piece < 20 ? 1 : 37) {
    Feed run;
    run.feed(request, piece);
    ASSERT_EQ(run.bodies.done, (std::vector<std::string>{"field", "id\r\n--XyZ-not-a-boundary"})) << piece;
    EXPECT_EQ(run.bodies.contexts[1].filename, "list.csv");
    EXPECT_EQ(run.bodies.contexts[1].http_uri, "/up");
  }
}

}  // namespace
}  // namespace dlp
