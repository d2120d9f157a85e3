#include "alert/file_output.hpp"

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

#include "common/json_writer.hpp"

namespace dlp {

FileOutput::FileOutput(const std::string& path) : path_(path) {
  if (path == "-") {
    out_ = stdout;
    return;
  }
  reopen();
}

void FileOutput::reopen() {
  if (path_ == "-") return;
  close();
  out_ = std::fopen(path_.c_str(), "a");
  owned_ = out_ != nullptr;
  if (!out_) error_ = fmt::format("{}: {}", path_, std::strerror(errno));
}

FileOutput::~FileOutput() { close(); }

void FileOutput::write(std::string_view line) {
  if (!out_) {  // a reopen failed; error() says why
    ++lost_;
    return;
  }
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fputc('\n', out_);
  ++written_;
}

void FileOutput::close() {
  if (!out_) return;
  std::fflush(out_);
  if (owned_) {
    std::fclose(out_);
    out_ = nullptr;
  }
}

void FileOutput::write_stats(JsonWriter& w) const {
  w.begin_object().field("output", path_).field("written", written_).field("lost", lost_).end_object();
}

}  // namespace dlp
