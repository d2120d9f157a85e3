#pragma once
#include <string>
#include <string_view>

#include "common/option_table.hpp"
#include "common/timestamp.hpp"

namespace date {
class time_zone;
}

namespace dlp {

// When staff work, in the organisation's time zone. A bulk retrieval at
// 02:00 is what Chinese database-audit products call 非工作时段批量查询.
struct WorkHoursConfig {
  int from_minute = 8 * 60;  // of the local day; a span past midnight wraps (22:00-06:00)
  int to_minute = 19 * 60;
  std::string timezone = "Asia/Shanghai";  // an IANA name, read from the system's zoneinfo
};

OptionTable<WorkHoursConfig> work_hours_options();

// "08:00-19:00" as minutes of the day; false when it is not that.
bool parse_work_hours(std::string_view text, int& from_minute, int& to_minute);

class WorkHours {
 public:
  // The time zone was checked when the options were read.
  explicit WorkHours(const WorkHoursConfig& config);
  bool contains(Timestamp t) const;

 private:
  int from_, to_;
  const date::time_zone* zone_;
};

}  // namespace dlp
