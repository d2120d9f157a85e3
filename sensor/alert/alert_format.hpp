#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/alert.hpp"

namespace dlp {

enum class AlertFormat { json, rfc5424, rfc3164, cef };

bool parse_alert_format(std::string_view text, AlertFormat& out);
const char* alert_format_name(AlertFormat format);

// Who is speaking in a syslog header, and under which enterprise number the
// RFC 5424 structured data is named (SD-ID dlp@PEN).
struct SyslogIdentity {
  std::string hostname = "-";
  std::string app_name = "dlp-sensor";
  std::string procid = "-";
  int facility = 20;  // local4
  unsigned enterprise_number = 32473;
};

// An alert as one line in the chosen format, without the newline.
std::string format_alert(AlertFormat format, const Alert& a, const SyslogIdentity& id);

std::string format_json(const Alert& a);
std::string format_rfc5424(const Alert& a, const SyslogIdentity& id);
std::string format_rfc3164(const Alert& a, const SyslogIdentity& id);
std::string format_cef(const Alert& a);

// RFC 5424 severity (0 emergency .. 7 debug) for an alert severity.
int syslog_severity(Severity s);

// The alert's fields but timestamp and event, in schema order, as text: the
// one list the syslog formats render.
std::vector<std::pair<const char*, std::string>> alert_fields(const Alert& a);
// The application's fields of an alert that has them (HTTP request, file,
// mail envelope, truncation), by name.
std::vector<std::pair<const char*, std::string>> application_fields(const Alert& a);
// The records by legal tier, those not zero (tier_a_records...).
std::vector<std::pair<const char*, std::uint64_t>> tier_record_fields(const Alert& a);
// The nested parts of summaries (a replay's files, a receiver's servers ...), each a JSON text.
std::vector<std::pair<const char*, const std::string*>> json_text_fields(const Alert& a);
// Those of them that are text.
std::vector<std::pair<const char*, const std::string*>> application_text_fields(const Alert& a);

// The alert schema's version (schema/alert.schema.json): a field renamed,
// removed or changed in meaning is a new version; a field added is not.
inline constexpr int kAlertSchemaVersion = 1;
// The score with the precision of one record in 5,000: "0.0400".
constexpr int kScoreDecimals = 4;
std::string format_score(double score);

// "200 distinct cn_mobile values sent from A to B port P"
std::string alert_summary(const Alert& a);

}  // namespace dlp
