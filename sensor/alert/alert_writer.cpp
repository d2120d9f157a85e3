#include "alert/alert_writer.hpp"

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

namespace dlp {

AlertWriter::AlertWriter(AlertFormat format, const std::string& output, SyslogIdentity identity)
    : format_(format), identity_(std::move(identity)) {
  if (output == "-") {
    out_ = stdout;
    return;
  }
  out_ = std::fopen(output.c_str(), "a");
  owned_ = out_ != nullptr;
  if (!out_) error_ = fmt::format("{}: {}", output, std::strerror(errno));
}

AlertWriter::~AlertWriter() {
  if (owned_) std::fclose(out_);
  else if (out_) std::fflush(out_);
}

void AlertWriter::write(const Alert& a) {
  std::string line = format_alert(format_, a, identity_);
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), out_);
  ++written_;
}

void AlertWriter::flush() { std::fflush(out_); }

}  // namespace dlp
