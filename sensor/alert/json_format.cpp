#include "alert/alert_format.hpp"
#include "common/json_writer.hpp"

namespace dlp {

std::string format_json(const Alert& a) {
  std::string out;
  out.reserve(512);
  JsonWriter w(out);
  w.begin_object();
  w.field("timestamp", format_iso8601(a.timestamp)).field("event", a.event);
  w.field("schema_version", std::uint64_t{kAlertSchemaVersion});
  w.field("signature_id", std::uint64_t{a.signature_id}).field("signature", a.signature);
  w.field("category", a.category).field("severity", severity_name(a.severity));
  w.key("score").value(a.score, kScoreDecimals);
  w.field("src_ip", a.src.ip.to_string()).field("src_port", std::uint64_t{a.src.port});
  w.field("dst_ip", a.dst.ip.to_string()).field("dst_port", std::uint64_t{a.dst.port});
  w.field("proto", a.proto).field("app", a.app).field("direction", direction_name(a.direction));
  w.field("matches", a.matches).field("distinct", a.distinct);
  w.field("masked", a.masked).field("sample_values", a.sample_values).field("records", a.records);
  w.key("confidence").begin_object();
  w.field("high", a.high_confidence).field("medium", a.medium_confidence).field("low", a.low_confidence);
  w.end_object();
  w.key("samples").begin_array();
  for (const auto& s : a.samples) w.value(s);
  w.end_array();
  w.field("flow_start", format_iso8601(a.flow_start)).field("flow_end", format_iso8601(a.flow_end));
  w.field("bytes", a.bytes);
  // Where the application carried it, when known.
  for (const auto& [name, value] : application_text_fields(a)) w.field(name, *value);
  if (!a.tls.san.empty()) {
    w.key("tls_san").begin_array();
    for (const auto& name : a.tls.san) w.value(name);
    w.end_array();
  }
  if (a.flows > 0) w.field("flows", a.flows);
  if (a.bytes_received > 0) w.field("bytes_received", a.bytes_received);
  if (a.requests > 0) w.field("requests", a.requests);
  if (a.enumeration) w.key("enumeration").value(true);
  if (a.rcpt_to > 0) w.field("rcpt_to", a.rcpt_to);
  if (a.rows > 0) w.field("rows", a.rows);
  for (const auto& [name, n] : tier_record_fields(a)) w.field(name, n);
  if (a.insider) w.key("insider").value(true);
  if (a.truncated) w.key("truncated").value(true);
  if (a.receiver_initiated) w.key("receiver_initiated").value(true);
  if (a.off_hours) w.key("off_hours").value(true);
  if (a.off_hours_records > 0) w.field("off_hours_records", a.off_hours_records);
  for (const auto& [name, json] : json_text_fields(a)) w.key(name).raw(*json);
  w.end_object();
  return out;
}

}  // namespace dlp
