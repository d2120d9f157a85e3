#pragma once
#include <atomic>
#include <cstdio>
#include <string>

#include "alert/alert_output.hpp"

namespace dlp {

// Alert lines appended to standard output ("-") or a file.
class FileOutput final : public AlertOutput {
 public:
  // Opens the output; ok() is false, and error() says why, if it cannot.
  explicit FileOutput(const std::string& path);
  ~FileOutput() override;

  bool ok() const { return out_ != nullptr; }
  const std::string& error() const { return error_; }

  void write(std::string_view line) override;
  void close() override;
  // A file that cannot be opened again keeps the one already open.
  std::string reopen() override;
  void write_stats(StatsWriter& w) const override;

 private:
  std::string path_;
  std::FILE* out_ = nullptr;
  bool owned_ = false;
  std::string error_;
  std::uint64_t written_ = 0;
  std::uint64_t lost_ = 0;
};

}  // namespace dlp
