#pragma once
#include <string>
#include <utility>
#include <vector>

#include "app/content_sink.hpp"

namespace dlp::test {

// Compresses with zlib: 15 + 16 window bits is gzip, 15 zlib, -15 raw deflate.
std::string zlib_compress(const std::string& data, int window_bits = 15 + 16);
std::string brotli_compress(const std::string& data);

struct ZipEntry {
  std::string name, data;
  bool deflated = true;
  bool descriptor = false;  // sizes after the data, as a streaming writer puts them
};
// A zip archive of `entries`, with its central directory.
std::string zip(const std::vector<ZipEntry>& entries);

// Collects decoded content: each piece whole, with its context.
struct Pieces final : ContentSink {
  std::vector<std::string> done;
  std::vector<ContentContext> contexts;
  std::string current;
  int truncations = 0;
  std::vector<std::uint64_t> message_bodies;  // each HTTP message's decoded body length
  void begin(const ContentContext& context) override { contexts.push_back(context); }
  void message(const MessageRecord& m) override { message_bodies.push_back(m.body_bytes); }
  void data(ByteSpan decoded) override { current += as_chars(decoded); }
  void end() override { done.push_back(std::exchange(current, {})); }
  void truncated() override { ++truncations; }
};

// Feeds `data` to `reader` in pieces of `piece` bytes, then finishes it.
void feed_in_pieces(ContentReader& reader, const std::string& data, std::size_t piece, ContentSink& out);

}  // namespace dlp::test
