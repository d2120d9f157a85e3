#include "alert/alert_writer.hpp"

#include "common/stats_writer.hpp"

namespace dlp {

void AlertWriter::write(const Alert& a) {
  std::string line = format_alert(format_, a, identity_);
  std::lock_guard lock(mutex_);
  for (auto& out : outputs_) out->write(line);
}

void AlertWriter::close() {
  std::lock_guard lock(mutex_);
  for (auto& out : outputs_) out->close();
}

std::vector<std::string> AlertWriter::reopen() {
  std::lock_guard lock(mutex_);
  std::vector<std::string> errors;
  for (auto& out : outputs_)
    if (auto error = out->reopen(); !error.empty()) errors.push_back(std::move(error));
  return errors;
}

void AlertWriter::write_stats(StatsWriter& w) const {
  std::lock_guard lock(mutex_);
  w.begin_list("outputs", "output");
  for (const auto& out : outputs_) out->write_stats(w);
  w.end_list();
}

}  // namespace dlp
