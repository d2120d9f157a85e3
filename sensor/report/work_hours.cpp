#include "report/work_hours.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <charconv>

namespace dlp {

namespace {

// "HH:MM" as a minute of the day.
bool parse_clock(std::string_view text, int& minute) {
  int h = 0, m = 0;
  if (text.size() != 5 || text[2] != ':') return false;
  const auto hours = std::from_chars(text.data(), text.data() + 2, h);
  const auto minutes = std::from_chars(text.data() + 3, text.data() + 5, m);
  if (hours.ptr != text.data() + 2 || minutes.ptr != text.data() + 5 || h > 23 || m > 59) return false;
  minute = h * 60 + m;
  return true;
}

}  // namespace

bool parse_work_hours(std::string_view text, int& from_minute, int& to_minute) {
  const auto dash = text.find('-');
  return dash != std::string_view::npos && parse_clock(text.substr(0, dash), from_minute) &&
         parse_clock(text.substr(dash + 1), to_minute) && from_minute != to_minute;
}

WorkHours::WorkHours(const WorkHoursConfig& config)
    : from_(config.from_minute), to_(config.to_minute), zone_(date::locate_zone(config.timezone)) {}

bool WorkHours::contains(Timestamp t) const {
  const date::sys_seconds at{std::chrono::seconds{t.usec / 1'000'000}};
  const auto local = zone_->to_local(at).time_since_epoch().count();
  const int minute = static_cast<int>(((local % 86400) + 86400) % 86400 / 60);
  return from_ < to_ ? minute >= from_ && minute < to_ : minute >= from_ || minute < to_;
}

OptionTable<WorkHoursConfig> work_hours_options() {
  using C = WorkHoursConfig;
  return {
      {"work-hours", OptionKind::text, "SPAN",
       "the organisation's working hours, HH:MM-HH:MM local time: retrievals outside them say off_hours, and "
       "workstation "
       "summaries count their records apart",
       [](C& c, const OptionValue& v) {
         if (!parse_work_hours(std::get<std::string>(v), c.from_minute, c.to_minute))
           throw OptionError("invalid value for --work-hours: '" + std::get<std::string>(v) +
                             "' (expected HH:MM-HH:MM, e.g. 08:00-19:00)");
       },
       [](const C& c) {
         return fmt::format("{:02}:{:02}-{:02}:{:02}", c.from_minute / 60, c.from_minute % 60, c.to_minute / 60,
                            c.to_minute % 60);
       }},
      {"timezone", OptionKind::text, "ZONE", "the time zone of --work-hours, an IANA name",
       [](C& c, const OptionValue& v) {
         const auto& name = std::get<std::string>(v);
         try {
           date::locate_zone(name);
         } catch (const std::exception&) {
           throw OptionError("invalid value for --timezone: '" + name + "' (not in the system's time zone data)");
         }
         c.timezone = name;
       },
       [](const C& c) { return c.timezone; }},
  };
}

}  // namespace dlp
