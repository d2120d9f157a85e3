#pragma once
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "capture/evidence.hpp"
#include "common/alert.hpp"
#include "options.hpp"

namespace dlp {

// What a replay's alerts add up to, by category (each flow direction's
// final alert: dlp.flow, dlp.bulk_access) and by severity; the workers'
// threads add to it.
class ReplayTotals {
 public:
  void add(const Alert& a);
  std::string json() const;

 private:
  struct Category {
    std::uint64_t alerts = 0, distinct = 0, records = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Category> categories_;
  std::map<Severity, std::uint64_t> severities_;
};

// The digest of the signature set and destination list the sensor loads:
// SHA-256 over each file's name and bytes, in name order.
std::string signature_set_digest(const SensorConfig& config);

// The dlp.replay_summary of a replay: the evidence files, the version,
// the signature set's digest and the options the results depend on, the
// totals.
Alert replay_summary(const SensorConfig& config, const std::vector<EvidenceFile>& files, const ReplayTotals& totals);

}  // namespace dlp
