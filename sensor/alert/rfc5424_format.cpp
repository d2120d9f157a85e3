#include <fmt/format.h>

#include "alert/alert_format.hpp"
#include "common/printable.hpp"

namespace dlp {

namespace {

// RFC 5424 section 6.3.3: inside a PARAM-VALUE, '"', '\' and ']' are escaped.
void append_param(std::string& out, std::string_view name, std::string_view value) {
  out.push_back(' ');
  out.append(name);
  out += "=\"";
  for (char c : printable_utf8(value)) {
    if (c == '"' || c == '\\' || c == ']') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace

std::string format_rfc5424(const Alert& a, const SyslogIdentity& id) {
  std::string out =
      fmt::format("<{}>1 {} {} {} {} {} [dlp@{}", id.facility * 8 + syslog_severity(a.severity),
                  format_iso8601(a.timestamp), id.hostname, id.app_name, id.procid, a.event, id.enterprise_number);
  for (const auto& [name, value] : alert_fields(a)) append_param(out, name, value);
  out += "] ";
  out += printable_utf8(alert_summary(a));
  return out;
}

// The same fields as key="value" pairs after the BSD header, for collectors
// that predate RFC 5424.
std::string format_rfc3164(const Alert& a, const SyslogIdentity& id) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::string iso = format_iso8601(a.timestamp);  // 2023-11-14T22:13:20.000000Z
  int month = std::stoi(iso.substr(5, 2)), day = std::stoi(iso.substr(8, 2));
  std::string out = fmt::format(
      "<{}>{} {:>2} {} {} {}[{}]: {} event=\"{}\"", id.facility * 8 + syslog_severity(a.severity), kMonths[month - 1],
      day, iso.substr(11, 8), id.hostname, id.app_name, id.procid, printable_utf8(alert_summary(a)), a.event);
  for (const auto& [name, value] : alert_fields(a)) append_param(out, name, value);
  return out;
}

}  // namespace dlp
