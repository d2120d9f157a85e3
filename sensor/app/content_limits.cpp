#include "app/content_limits.hpp"

#include "common/json_writer.hpp"

namespace dlp {

void ContentStats::write_json(JsonWriter& w) const {
  w.field("files", files).field("mime_parts", mime_parts).field("archive_entries", archive_entries);
  w.field("ooxml_parts", ooxml_parts).field("utf16_files", utf16_files).field("inflate_errors", inflate_errors);
  w.field("bombs", bombs).field("archive_errors", archive_errors).field("unsupported", unsupported);
  w.field("depth_limit", depth_limit).field("header_overflows", header_overflows).field("size_limit", size_limit);
}

}  // namespace dlp
