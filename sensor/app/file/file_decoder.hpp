#pragma once
#include <memory>
#include <string>
#include <vector>

#include "app/coding/content_decoder.hpp"
#include "app/content_sink.hpp"
#include "app/file/utf16_decoder.hpp"
#include "app/file/zip_reader.hpp"

namespace dlp {

// One file (an upload, a part, an attachment, an FTP transfer, an archive
// entry), recognised by its first bytes: a zip archive (xlsx and docx are
// zips of XML) is opened, a gzip file inflated, UTF-16 text turned into
// UTF-8, and anything else passed on as it is. An archive's entries and a
// gzip file's content are files of their own, one level deeper.
// Text passed on as it is is named to the sink (ContentSink::passed_decoded):
// the raw scan need not read it again.
class FileDecoder final : public ContentReader, private ZipEntrySink {
 public:
  // `pass_text`: pass plain content on. Off where the raw stream already
  // holds the same bytes (a plain HTTP body, an FTP transfer): only what
  // decoding reveals is passed then.
  FileDecoder(const ContentLimits& limits, ContentStats& stats, ContentContext context, std::uint64_t depth,
              bool pass_text);
  ~FileDecoder() override;
  void write(ByteSpan data, ContentSink& out) override;
  void finish(ContentSink& out) override;

 private:
  enum class Kind { sniffing, text, utf16, gzip, zip, skipped };
  void recognise(ContentSink& out);
  void decoded(ByteSpan data, ContentSink& out);
  void begin_entry(std::string_view name) override;
  void entry_data(ByteSpan data) override;
  void end_entry(bool complete) override;
  void emit(const std::string& text, ContentSink& out);

  // The parts of an OOXML document held until its archive ends (a sheet
  // may come before the strings it refers to).
  enum class Part { none, shared_strings, sheet, document };

  const ContentLimits* limits_;
  ContentStats* stats_;
  ContentContext context_;
  std::uint64_t depth_;
  bool pass_text_;
  Kind kind_ = Kind::sniffing;
  bool begun_ = false;
  std::string head_;  // the first bytes, until the kind is known
  std::string buffer_;
  std::unique_ptr<Utf16Decoder> utf16_;
  std::unique_ptr<ContentDecoder> gunzip_;
  std::unique_ptr<ZipReader> zip_;
  std::unique_ptr<FileDecoder> inner_;  // a gzip file's content, or the current archive entry
  ContentSink* out_ = nullptr;          // while writing into an archive
  Part part_ = Part::none;
  std::string part_xml_;
  std::vector<std::string> shared_strings_;
  std::vector<std::string> sheets_;
};

}  // namespace dlp
