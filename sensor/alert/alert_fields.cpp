#include <fmt/format.h>
#include <fmt/ranges.h>

#include "alert/alert_format.hpp"
#include "common/enum_names.hpp"

namespace dlp {

std::vector<std::pair<const char*, std::string>> alert_fields(const Alert& a) {
  std::string samples;
  for (const auto& s : a.samples) samples += (samples.empty() ? "" : ",") + s;
  std::vector<std::pair<const char*, std::string>> fields = {
      {"schema_version", fmt::format("{}", kAlertSchemaVersion)},
      {"signature_id", fmt::format("{}", a.signature_id)},
      {"signature", a.signature},
      {"category", a.category},
      {"severity", severity_name(a.severity)},
      {"score", format_score(a.score)},
      {"src_ip", a.src.ip.to_string()},
      {"src_port", fmt::format("{}", a.src.port)},
      {"dst_ip", a.dst.ip.to_string()},
      {"dst_port", fmt::format("{}", a.dst.port)},
      {"proto", a.proto},
      {"app", a.app},
      {"direction", direction_name(a.direction)},
      {"matches", fmt::format("{}", a.matches)},
      {"distinct", fmt::format("{}", a.distinct)},
      {"masked", fmt::format("{}", a.masked)},
      {"sample_values", fmt::format("{}", a.sample_values)},
      {"records", fmt::format("{}", a.records)},
      {"high_confidence", fmt::format("{}", a.high_confidence)},
      {"medium_confidence", fmt::format("{}", a.medium_confidence)},
      {"low_confidence", fmt::format("{}", a.low_confidence)},
      {"samples", samples},
      {"flow_start", format_iso8601(a.flow_start)},
      {"flow_end", format_iso8601(a.flow_end)},
      {"bytes", fmt::format("{}", a.bytes)}};
  for (auto& field : application_fields(a)) fields.push_back(std::move(field));
  return fields;
}

std::vector<std::pair<const char*, const std::string*>> application_text_fields(const Alert& a) {
  std::vector<std::pair<const char*, const std::string*>> fields;
  for (const auto& [name, value] : {std::pair{"community_id", &a.community_id},
                                    {"http_method", &a.content.http_method},
                                    {"http_host", &a.content.http_host},
                                    {"http_uri", &a.content.http_uri},
                                    {"filename", &a.content.filename},
                                    {"mail_from", &a.mail_from},
                                    {"legal_tier", &a.legal_tier},
                                    {"db_user", &a.db_user},
                                    {"db_name", &a.db_name},
                                    {"db_query", &a.content.db_query},
                                    {"destination", &a.destination},
                                    {"destination_kind", &a.destination_kind},
                                    {"user", &a.user},
                                    {"alert_id", &a.alert_id},
                                    {"action", &a.action},
                                    {"enumeration_path", &a.enumeration_path},
                                    {"tls", &a.tls.state},
                                    {"tls_version", &a.tls.version},
                                    {"tls_cipher", &a.tls.cipher},
                                    {"tls_sni", &a.tls.sni},
                                    {"tls_alpn", &a.tls.alpn},
                                    {"ja3", &a.tls.ja3},
                                    {"ja4", &a.tls.ja4},
                                    {"tls_subject", &a.tls.subject},
                                    {"tls_issuer", &a.tls.issuer}})
    if (!value->empty()) fields.emplace_back(name, value);
  return fields;
}

std::vector<std::pair<const char*, std::string>> application_fields(const Alert& a) {
  std::vector<std::pair<const char*, std::string>> fields;
  for (const auto& [name, value] : application_text_fields(a)) fields.emplace_back(name, *value);
  if (!a.tls.san.empty()) fields.emplace_back("tls_san", fmt::format("{}", fmt::join(a.tls.san, ",")));
  if (a.flows > 0) fields.emplace_back("flows", fmt::format("{}", a.flows));
  if (a.bytes_received > 0) fields.emplace_back("bytes_received", fmt::format("{}", a.bytes_received));
  if (a.requests > 0) fields.emplace_back("requests", fmt::format("{}", a.requests));
  if (a.enumeration) fields.emplace_back("enumeration", "true");
  if (a.rcpt_to > 0) fields.emplace_back("rcpt_to", fmt::format("{}", a.rcpt_to));
  if (a.rows > 0) fields.emplace_back("rows", fmt::format("{}", a.rows));
  for (const auto& [name, n] : tier_record_fields(a)) fields.emplace_back(name, fmt::format("{}", n));
  if (a.insider) fields.emplace_back("insider", "true");
  if (a.truncated) fields.emplace_back("truncated", "true");
  if (a.receiver_initiated) fields.emplace_back("receiver_initiated", "true");
  if (a.off_hours) fields.emplace_back("off_hours", "true");
  if (a.off_hours_records > 0) fields.emplace_back("off_hours_records", fmt::format("{}", a.off_hours_records));
  // A summary's nested parts, as JSON texts in formats without nesting.
  for (const auto& [name, json] : json_text_fields(a)) fields.emplace_back(name, *json);
  return fields;
}

std::vector<std::pair<const char*, const std::string*>> json_text_fields(const Alert& a) {
  std::vector<std::pair<const char*, const std::string*>> fields;
  for (const auto& [name, json] : {std::pair{"servers", &a.servers},
                                   {"user_agents", &a.user_agents},
                                   {"uri_paths", &a.uri_paths},
                                   {"files", &a.files},
                                   {"settings", &a.settings},
                                   {"totals", &a.totals}})
    if (!json->empty()) fields.emplace_back(name, json);
  return fields;
}

std::vector<std::pair<const char*, std::uint64_t>> tier_record_fields(const Alert& a) {
  std::vector<std::pair<const char*, std::uint64_t>> fields;
  const char* names[] = {"tier_a_records", "tier_b_records", "tier_c_records"};
  for (int i = 0; i < 3; ++i)
    if (a.tier_records[i] > 0) fields.emplace_back(names[i], a.tier_records[i]);
  return fields;
}

std::string format_score(double score) { return fmt::format("{:.{}f}", score, kScoreDecimals); }

std::string alert_summary(const Alert& a) {
  if (a.event == "dlp.replay_summary") return fmt::format("replay of {} bytes of captures ended", a.bytes);
  if (a.event == "dlp.upload_volume")
    return fmt::format("{} bytes sent from {} to {} in {} unread flows", a.bytes, a.src.ip.to_string(),
                       a.destination.empty() ? a.dst.ip.to_string() : a.destination, a.flows);
  if (a.event == "dlp.receiver_summary")
    return fmt::format("{} distinct {} values pulled by {} in {} requests", a.distinct, a.category,
                       a.dst.ip.to_string(), a.requests);
  if (a.direction == Direction::retrieval && a.src.port == 0)  // a workstation's summary
    return fmt::format("{} distinct {} values retrieved by {}", a.distinct, a.category, a.dst.ip.to_string());
  if (a.direction == Direction::retrieval)
    return fmt::format("{} distinct {} values retrieved by {} from {} port {}", a.distinct, a.category,
                       a.dst.ip.to_string(), a.src.ip.to_string(), a.src.port);
  return fmt::format("{} distinct {} values sent from {} to {} port {}", a.distinct, a.category, a.src.ip.to_string(),
                     a.dst.ip.to_string(), a.dst.port);
}

int syslog_severity(Severity s) {
  switch (s) {
    case Severity::info: return 6;
    case Severity::warning: return 4;
    case Severity::critical: return 2;
    case Severity::severe: return 1;
  }
  return 6;
}

namespace {
constexpr EnumName<AlertFormat> kAlertFormats[] = {{AlertFormat::json, "json"},
                                                   {AlertFormat::rfc5424, "rfc5424"},
                                                   {AlertFormat::rfc3164, "rfc3164"},
                                                   {AlertFormat::cef, "cef"}};
}  // namespace

const char* alert_format_name(AlertFormat format) { return name_of(format, kAlertFormats); }

bool parse_alert_format(std::string_view text, AlertFormat& out) { return parse_name(text, out, kAlertFormats); }

std::string format_alert(AlertFormat format, const Alert& a, const SyslogIdentity& id) {
  switch (format) {
    case AlertFormat::json: return format_json(a);
    case AlertFormat::rfc5424: return format_rfc5424(a, id);
    case AlertFormat::rfc3164: return format_rfc3164(a, id);
    case AlertFormat::cef: return format_cef(a);
  }
  return {};
}

}  // namespace dlp
