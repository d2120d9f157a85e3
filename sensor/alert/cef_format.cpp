#include <fmt/format.h>

#include "alert/alert_format.hpp"
#include "common/printable.hpp"

namespace dlp {

namespace {

// CEF header fields escape '\' and '|'; extension values escape '\' and '='
// and write line breaks as \n and \r.
std::string header(std::string_view v) {
  std::string out;
  for (char c : printable_utf8(v)) {
    if (c == '\\' || c == '|') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string extension(std::string_view v) {
  std::string escaped;
  for (char c : v) {
    if (c == '\\' || c == '=') escaped.push_back('\\');
    if (c == '\n')
      escaped += "\\n";
    else if (c == '\r')
      escaped += "\\r";
    else
      escaped.push_back(c);
  }
  return printable_utf8(escaped);
}

int cef_severity(Severity s) {
  switch (s) {
    case Severity::info: return 3;
    case Severity::warning: return 5;
    case Severity::critical: return 8;
    case Severity::severe: return 10;
  }
  return 3;
}

std::int64_t millis(Timestamp t) { return t.usec / 1000; }

}  // namespace

// ArcSight CEF:0. Standard keys where CEF has them (rt, src, spt, dst, dpt,
// proto, app, cat, cnt, start, end, out, msg, duser for a database's user),
// custom ones for the rest.
std::string format_cef(const Alert& a) {
  std::string samples;
  for (const auto& s : a.samples) samples += (samples.empty() ? "" : ",") + s;
  std::string out = fmt::format("CEF:0|dlp-sensor|dlp-sensor|{}|{}|{}|{}|", header(DLP_VERSION), a.signature_id,
                                header(a.signature), cef_severity(a.severity));
  out += fmt::format("rt={} src={} spt={} dst={} dpt={} proto={} app={} cat={} cnt={} cn1={} cn1Label=distinct",
                     millis(a.timestamp), a.src.ip.to_string(), a.src.port, a.dst.ip.to_string(), a.dst.port,
                     extension(a.proto), extension(a.app), extension(a.category), a.matches, a.distinct);
  out += fmt::format(" cn2={} cn2Label=masked cn3={} cn3Label=sample_values cfp1={} cfp1Label=score", a.masked,
                     a.sample_values, format_score(a.score));
  out += fmt::format(" flexNumber1={} flexNumber1Label=records cs4=high:{} medium:{} low:{} cs4Label=confidence",
                     a.records, a.high_confidence, a.medium_confidence, a.low_confidence);
  out += fmt::format(" cs1={} cs1Label=samples cs2={} cs2Label=direction cs3={} cs3Label=event", extension(samples),
                     extension(direction_name(a.direction)), extension(a.event));
  out += fmt::format(" start={} end={} out={} msg={}", millis(a.flow_start), millis(a.flow_end), a.bytes,
                     extension(alert_summary(a)));
  // CEF's own keys for the application's fields, custom ones for the rest.
  for (const auto& [name, value] : application_fields(a)) {
    const std::string_view n = name;
    if (n == "http_method")
      out += " requestMethod=" + extension(value);
    else if (n == "http_host")
      out += " dhost=" + extension(value);
    else if (n == "http_uri")
      out += " request=" + extension(value);
    else if (n == "filename")
      out += " fname=" + extension(value);
    else if (n == "mail_from")
      out += " suser=" + extension(value);
    else if (n == "rcpt_to")
      out += " flexNumber2=" + value + " flexNumber2Label=rcpt_to";
    else if (n == "truncated")
      out += " cs5=true cs5Label=truncated";
    else if (n == "db_user")
      out += " duser=" + extension(value);
    else if (n == "db_name")
      out += " flexString1=" + extension(value) + " flexString1Label=db_name";
    else if (n == "db_query")
      out += " cs6=" + extension(value) + " cs6Label=db_query";
    else if (n == "rows")
      out += " cfp2=" + value + " cfp2Label=rows";
    else if (n == "off_hours")
      out += " flexString2=true flexString2Label=off_hours";
    else if (n == "off_hours_records")
      out += " cfp3=" + value + " cfp3Label=off_hours_records";
  }
  return out;
}

}  // namespace dlp
