#pragma once
#include <cstdint>

namespace dlp {

class JsonWriter;

// How far the application decoders go; each limit has a counter in
// ContentStats, and content cut by one is reported as truncated.
struct ContentLimits {
  std::uint64_t max_output = 50ull << 20;  // bytes one compressed body or entry may inflate to
  std::uint64_t max_ratio = 200;           // inflated / compressed, past which it is a bomb
  std::uint64_t max_depth = 8;             // multipart, message and archive nesting
  std::uint64_t max_part_header = 16 << 10;  // a MIME part's header block
  std::uint64_t max_xml_bytes = 16 << 20;  // an OOXML part held until its archive ends
  std::uint64_t max_archive_entries = 10'000;
};

struct ContentStats {
  std::uint64_t files = 0;           // pieces of content decoded (bodies, parts, files, entries)
  std::uint64_t mime_parts = 0;
  std::uint64_t archive_entries = 0;  // zip entries read
  std::uint64_t ooxml_parts = 0;      // xlsx/docx XML parts turned into text
  std::uint64_t utf16_files = 0;
  std::uint64_t inflate_errors = 0;   // damaged compressed data (what inflated is kept)
  std::uint64_t bombs = 0;            // stopped by the output or ratio cap
  std::uint64_t archive_errors = 0;   // zip structure that cannot be followed
  std::uint64_t unsupported = 0;      // an encoding or compression method not decoded
  std::uint64_t depth_limit = 0;      // nesting past max_depth, not decoded further
  std::uint64_t header_overflows = 0;  // part headers past max_part_header
  std::uint64_t size_limit = 0;       // XML parts or entry counts past their limits
  void write_json(JsonWriter& w) const;
};

}  // namespace dlp
