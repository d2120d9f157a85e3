#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dlp {

struct HeaderField {
  std::string name, value;  // without the blanks and control bytes around them
};

// A message's start line and header fields.
struct HeaderBlock {
  std::string start_line;
  std::vector<HeaderField> fields;
};

// Reads a header block (up to its blank line) as browsers read it, since a
// server can hide a coding from a sensor that is stricter (HTTP-Evader):
// NUL bytes are dropped; a bare CR ends a line as LF does; a line starting
// with a blank continues the field before it (folding), unless it is a
// field itself ("Name: value") or comes right after the start line. Blank
// lines inside the block are skipped; lines without a colon are ignored.
HeaderBlock read_header_block(std::string_view raw);

// A Content-Length value's number as browsers take it: the first run of
// digits ("68", "68A", "(68) 34", ",68"); nothing without a digit or
// with a minus sign before it. `clean`
// says whether the value was exactly that number.
std::optional<std::uint64_t> content_length_value(std::string_view value, bool& clean);

}  // namespace dlp
