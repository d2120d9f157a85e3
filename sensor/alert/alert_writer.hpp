#pragma once
#include <cstdint>
#include <cstdio>
#include <string>

#include "alert/alert_format.hpp"

namespace dlp {

// Writes alerts, one per line, to standard output ("-") or a file.
class AlertWriter {
 public:
  AlertWriter(AlertFormat format, const std::string& output, SyslogIdentity identity);
  ~AlertWriter();
  AlertWriter(const AlertWriter&) = delete;
  AlertWriter& operator=(const AlertWriter&) = delete;

  // False when the output could not be opened; error() says why.
  bool ok() const { return out_ != nullptr; }
  const std::string& error() const { return error_; }

  void write(const Alert& a);
  void flush();
  std::uint64_t written() const { return written_; }

 private:
  AlertFormat format_;
  SyslogIdentity identity_;
  std::FILE* out_ = nullptr;
  bool owned_ = false;
  std::string error_;
  std::uint64_t written_ = 0;
};

}  // namespace dlp
