#pragma once
#include <cstdint>

#include "common/counters.hpp"

namespace dlp {

// How far the application decoders go; each limit has a counter in
// ContentStats, and content cut by one is reported as truncated.
struct ContentLimits {
  std::uint64_t max_output = 50ull << 20;    // bytes one compressed body or entry may inflate to
  std::uint64_t max_ratio = 200;             // inflated / compressed, past which it is a bomb
  std::uint64_t max_depth = 8;               // multipart, message and archive nesting
  std::uint64_t max_part_header = 16 << 10;  // a MIME part's header block
  std::uint64_t max_xml_bytes = 16 << 20;    // an OOXML part held until its archive ends
  std::uint64_t max_archive_entries = 10'000;
};

struct ContentStats {
  std::uint64_t files = 0;
  std::uint64_t mime_parts = 0;
  std::uint64_t archive_entries = 0;
  std::uint64_t ooxml_parts = 0;
  std::uint64_t utf16_files = 0;
  std::uint64_t inflate_errors = 0;
  std::uint64_t bombs = 0;
  std::uint64_t archive_errors = 0;
  std::uint64_t unsupported = 0;
  std::uint64_t depth_limit = 0;
  std::uint64_t header_overflows = 0;
  std::uint64_t size_limit = 0;
  static constexpr Counter<ContentStats> counters[] = {
      {"files", &ContentStats::files, "pieces of content decoded (bodies, parts, files, entries)"},
      {"mime_parts", &ContentStats::mime_parts, "MIME parts decoded"},
      {"archive_entries", &ContentStats::archive_entries, "zip entries read"},
      {"ooxml_parts", &ContentStats::ooxml_parts, "xlsx/docx XML parts turned into text"},
      {"utf16_files", &ContentStats::utf16_files, "UTF-16 texts turned into UTF-8"},
      {"inflate_errors", &ContentStats::inflate_errors, "damaged compressed data (what inflated is kept)"},
      {"bombs", &ContentStats::bombs, "stopped by the output or ratio cap"},
      {"archive_errors", &ContentStats::archive_errors, "zip structure that cannot be followed"},
      {"unsupported", &ContentStats::unsupported, "an encoding or compression method not decoded"},
      {"depth_limit", &ContentStats::depth_limit, "nesting past max_depth, not decoded further"},
      {"header_overflows", &ContentStats::header_overflows, "part headers past max_part_header"},
      {"size_limit", &ContentStats::size_limit, "XML parts or entry counts past their limits"},
  };
};

}  // namespace dlp
