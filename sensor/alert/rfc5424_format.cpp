#include <fmt/format.h>

#include "alert/alert_format.hpp"

namespace dlp {

namespace {

// RFC 5424 section 6.3.3: inside a PARAM-VALUE, '"', '\' and ']' are escaped.
void append_param(std::string& out, std::string_view name, std::string_view value) {
  out.push_back(' ');
  out.append(name);
  out += "=\"";
  for (char c : value) {
    if (c == '"' || c == '\\' || c == ']') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out.push_back(',');
    out += s;
  }
  return out;
}

}  // namespace

int syslog_severity(Severity s) {
  switch (s) {
    case Severity::info: return 6;
    case Severity::warning: return 4;
    case Severity::critical: return 2;
    case Severity::severe: return 1;
  }
  return 6;
}

std::string format_rfc5424(const Alert& a, const SyslogIdentity& id) {
  std::string out = fmt::format("<{}>1 {} {} {} {} {} [dlp@32473", id.facility * 8 + syslog_severity(a.severity),
                                format_iso8601(a.timestamp), id.hostname, id.app_name, id.procid, a.event);
  append_param(out, "signature_id", fmt::format("{}", a.signature_id));
  append_param(out, "signature", a.signature);
  append_param(out, "category", a.category);
  append_param(out, "severity", severity_name(a.severity));
  append_param(out, "src_ip", a.src.ip.to_string());
  append_param(out, "src_port", fmt::format("{}", a.src.port));
  append_param(out, "dst_ip", a.dst.ip.to_string());
  append_param(out, "dst_port", fmt::format("{}", a.dst.port));
  append_param(out, "proto", a.proto);
  append_param(out, "app", a.app);
  append_param(out, "direction", a.direction);
  append_param(out, "matches", fmt::format("{}", a.matches));
  append_param(out, "distinct", fmt::format("{}", a.distinct));
  append_param(out, "samples", join(a.samples));
  append_param(out, "flow_start", format_iso8601(a.flow_start));
  append_param(out, "flow_end", format_iso8601(a.flow_end));
  append_param(out, "bytes", fmt::format("{}", a.bytes));
  out += fmt::format("] {} distinct {} values sent from {} to {} port {}", a.distinct, a.category,
                     a.src.ip.to_string(), a.dst.ip.to_string(), a.dst.port);
  return out;
}

bool parse_alert_format(std::string_view text, AlertFormat& out) {
  if (text == "json") out = AlertFormat::json;
  else if (text == "rfc5424") out = AlertFormat::rfc5424;
  else return false;
  return true;
}

}  // namespace dlp
