#include "alert/file_output.hpp"

#include <fmt/format.h>
#include <cerrno>
#include <cstring>

#include "common/stats_writer.hpp"

namespace dlp {

FileOutput::FileOutput(const std::string& path) : path_(path) {
  if (path == "-") {
    out_ = stdout;
    return;
  }
  reopen();
}

std::string FileOutput::reopen() {
  if (path_ == "-") return {};
  std::FILE* fresh = std::fopen(path_.c_str(), "a");
  if (!fresh) {
    error_ = fmt::format("{}: {}", path_, std::strerror(errno));
    return out_ ? error_ + "; alerts go on into the file already open" : error_;
  }
  close();
  out_ = fresh;
  owned_ = true;
  return {};
}

FileOutput::~FileOutput() { close(); }

void FileOutput::write(std::string_view line) {
  if (!out_) {  // the file could not be opened; error() says why
    ++lost_;
    return;
  }
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fputc('\n', out_);
  // Whole lines at once, as they come: a log shipper tailing the file sees each alert when it is made.
  std::fflush(out_);
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

void FileOutput::write_stats(StatsWriter& w) const {
  w.begin_item(path_);
  w.count("written", written_, "alerts written");
  w.count("lost", lost_, "alerts that could not be written");
  w.end_item();
}

}  // namespace dlp
