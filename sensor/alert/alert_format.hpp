#pragma once
#include <string>
#include <string_view>

#include "common/alert.hpp"

namespace dlp {

enum class AlertFormat { json, rfc5424 };

bool parse_alert_format(std::string_view text, AlertFormat& out);

// Who is speaking in a syslog header.
struct SyslogIdentity {
  std::string hostname = "-";
  std::string app_name = "dlp-sensor";
  std::string procid = "-";
  int facility = 20;  // local4
};

// One JSON object, no trailing newline.
std::string format_json(const Alert& a);
// One RFC 5424 message (structured data SD-ID dlp@32473), no trailing newline.
std::string format_rfc5424(const Alert& a, const SyslogIdentity& id);

// RFC 5424 severity (0 emergency .. 7 debug) for an alert severity.
int syslog_severity(Severity s);

}  // namespace dlp
