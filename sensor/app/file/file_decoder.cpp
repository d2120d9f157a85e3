#include "app/file/file_decoder.hpp"

#include <algorithm>

#include "app/file/ooxml_text.hpp"

namespace dlp {

namespace {

constexpr std::size_t kSniffBytes = 4;

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

FileDecoder::FileDecoder(const ContentLimits& limits, ContentStats& stats, ContentContext context, std::uint64_t depth,
                         bool pass_text)
    : limits_(&limits), stats_(&stats), context_(std::move(context)), depth_(depth), pass_text_(pass_text) {}

FileDecoder::~FileDecoder() = default;

void FileDecoder::write(ByteSpan data, ContentSink& out) {
  if (kind_ == Kind::sniffing) {
    const std::size_t take = std::min(kSniffBytes - head_.size(), data.size());
    head_.append(as_chars(data.first(take)));
    data = data.subspan(take);
    if (head_.size() < kSniffBytes) return;
    recognise(out);
  }
  decoded(data, out);
}

// Decides what the file is from its first bytes, then decodes them.
void FileDecoder::recognise(ContentSink& out) {
  const std::string head = std::move(head_);
  const auto h = as_bytes(head);
  const bool zip = head.size() >= 4 && head.compare(0, 4, "PK\x03\x04", 4) == 0;
  const bool gzip = h.size() >= 2 && h[0] == 0x1f && h[1] == 0x8b;
  bool big_endian = false;
  if ((zip || gzip) && depth_ >= limits_->max_depth) {
    ++stats_->depth_limit;
    out.truncated();
    kind_ = Kind::skipped;
  } else if (zip) {
    kind_ = Kind::zip;
    zip_ = std::make_unique<ZipReader>(*limits_, *stats_);
  } else if (gzip) {
    kind_ = Kind::gzip;
    gunzip_ = std::make_unique<DeflateDecoder>(*limits_, DeflateDecoder::Format::gzip);
    inner_ = std::make_unique<FileDecoder>(*limits_, *stats_, context_, depth_ + 1, true);
  } else if (h.size() >= 2 && ((h[0] == 0xFF && h[1] == 0xFE) || (h[0] == 0xFE && h[1] == 0xFF))) {
    kind_ = Kind::utf16;
    utf16_ = std::make_unique<Utf16Decoder>(h[0] == 0xFE);
    ++stats_->utf16_files;
    return decoded(h.subspan(2), out);  // without the byte order mark
  } else if (looks_like_utf16(h, big_endian)) {
    kind_ = Kind::utf16;
    utf16_ = std::make_unique<Utf16Decoder>(big_endian);
    ++stats_->utf16_files;
  } else {
    kind_ = pass_text_ ? Kind::text : Kind::skipped;
  }
  decoded(h, out);
}

void FileDecoder::decoded(ByteSpan data, ContentSink& out) {
  if (data.empty()) return;
  switch (kind_) {
    case Kind::text:
    case Kind::utf16:
      if (!begun_) {
        begun_ = true;
        ++stats_->files;
        out.begin(context_);
      }
      if (kind_ == Kind::text) {
        out.passed_decoded(data);
        out.data(data);
      } else {
        buffer_.clear();
        utf16_->write(data, buffer_);
        out.data(as_bytes(buffer_));
      }
      break;
    case Kind::gzip: {
      const bool was_bad = gunzip_->failed() || gunzip_->bomb();
      gunzip_->write(data, buffer_);
      inner_->write(as_bytes(buffer_), out);
      if (!was_bad && (gunzip_->failed() || gunzip_->bomb())) {
        ++(gunzip_->bomb() ? stats_->bombs : stats_->inflate_errors);
        out.truncated();
      }
      break;
    }
    case Kind::zip:
      out_ = &out;
      zip_->write(data, *this);
      break;
    case Kind::sniffing:
    case Kind::skipped: break;
  }
}

void FileDecoder::finish(ContentSink& out) {
  if (kind_ == Kind::sniffing) recognise(out);
  out_ = &out;
  switch (kind_) {
    case Kind::text:
    case Kind::utf16:
      if (begun_) out.end();
      break;
    case Kind::gzip: inner_->finish(out); break;
    case Kind::zip:
      zip_->finish(*this);
      for (const std::string& sheet : sheets_) {
        buffer_.clear();
        sheet_to_tsv(sheet, shared_strings_, buffer_);
        emit(buffer_, out);
      }
      if (sheets_.empty() && !shared_strings_.empty()) {
        buffer_.clear();
        for (const auto& s : shared_strings_) buffer_.append(s).push_back('\n');
        emit(buffer_, out);
      }
      break;
    case Kind::sniffing:
    case Kind::skipped: break;
  }
  out_ = nullptr;
}

// An OOXML part's text, under the document's name (the document is the file).
void FileDecoder::emit(const std::string& text, ContentSink& out) {
  if (text.empty()) return;
  ++stats_->files;
  out.begin(context_);
  out.data(as_bytes(text));
  out.end();
}

void FileDecoder::begin_entry(std::string_view name) {
  part_ = Part::none;
  inner_.reset();
  if (name == "xl/sharedStrings.xml")
    part_ = Part::shared_strings;
  else if (starts_with(name, "xl/worksheets/") && ends_with(name, ".xml"))
    part_ = Part::sheet;
  else if (name == "word/document.xml")
    part_ = Part::document;
  if (part_ != Part::none) {
    ++stats_->ooxml_parts;
    part_xml_.clear();
    return;
  }
  // Directories, and the XML of a document's structure (relationships, content types, properties).
  if (ends_with(name, "/") || ends_with(name, ".xml") || ends_with(name, ".rels")) return;
  ContentContext c = context_;
  c.filename = c.filename.empty() ? std::string(name) : c.filename + "/" + std::string(name);
  inner_ = std::make_unique<FileDecoder>(*limits_, *stats_, std::move(c), depth_ + 1, true);
}

void FileDecoder::entry_data(ByteSpan data) {
  if (inner_) return inner_->write(data, *out_);
  if (part_ == Part::none) return;
  if (part_xml_.size() + data.size() > limits_->max_xml_bytes) {
    if (part_xml_.size() < limits_->max_xml_bytes) {
      ++stats_->size_limit;
      out_->truncated();
    }
    data = data.first(static_cast<std::size_t>(limits_->max_xml_bytes -
                                               std::min<std::uint64_t>(part_xml_.size(), limits_->max_xml_bytes)));
  }
  part_xml_.append(as_chars(data));
}

void FileDecoder::end_entry(bool complete) {
  if (!complete) out_->truncated();
  if (inner_) {
    inner_->finish(*out_);
    inner_.reset();
    return;
  }
  switch (part_) {
    case Part::shared_strings: shared_strings_ = read_shared_strings(part_xml_); break;
    case Part::sheet: sheets_.push_back(std::move(part_xml_)); break;
    case Part::document:
      buffer_.clear();
      document_to_text(part_xml_, buffer_);
      emit(buffer_, *out_);
      break;
    case Part::none: break;
  }
  part_xml_.clear();
  part_ = Part::none;
}

}  // namespace dlp
