#pragma once
#include <memory>
#include <mutex>
#include <vector>

#include "alert/alert_format.hpp"
#include "alert/alert_output.hpp"

namespace dlp {

class StatsWriter;

// Formats each alert once and hands the line to every output. Workers
// write from their own threads while the capture thread reopens the files
// and reads the counters: every call holds one lock (formatting does not).
class AlertWriter {
 public:
  AlertWriter(AlertFormat format, SyslogIdentity identity, std::vector<std::unique_ptr<AlertOutput>> outputs)
      : format_(format), identity_(std::move(identity)), outputs_(std::move(outputs)) {}

  void write(const Alert& a);
  void close();
  // Opens the files again by name; returns what could not be.
  std::vector<std::string> reopen();
  void write_stats(StatsWriter& w) const;

 private:
  AlertFormat format_;
  SyslogIdentity identity_;
  std::vector<std::unique_ptr<AlertOutput>> outputs_;
  mutable std::mutex mutex_;
};

}  // namespace dlp
