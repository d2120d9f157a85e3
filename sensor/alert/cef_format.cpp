#include <fmt/format.h>

#include <algorithm>
#include <iterator>

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

// Where each application field goes: CEF's own key where it has one, else a
// custom one with its label.
struct ApplicationKey {
  const char* field;
  const char* key;
  const char* label;  // nullptr: CEF's own key
};
constexpr ApplicationKey kApplicationKeys[] = {
    {"http_method", "requestMethod", nullptr},
    {"http_host", "dhost", nullptr},
    {"http_uri", "request", nullptr},
    {"filename", "fname", nullptr},
    {"mail_from", "suser", nullptr},
    {"rcpt_to", "flexNumber2", "rcpt_to"},
    {"truncated", "cs5", "truncated"},
    {"db_user", "duser", nullptr},
    {"db_name", "flexString1", "db_name"},
    {"db_query", "cs6", "db_query"},
    {"rows", "cfp2", "rows"},
    {"off_hours", "flexString2", "off_hours"},
    {"off_hours_records", "cfp3", "off_hours_records"},
    {"user", "suid", nullptr},
    {"alert_id", "externalId", nullptr},
    {"action", "act", nullptr},
    // CEF has no keys of these: vendor keys, as its custom dictionary extensions are named.
    {"community_id", "dlpsensorCommunityId", nullptr},
    {"legal_tier", "dlpsensorLegalTier", nullptr},
    {"tier_a_records", "dlpsensorTierARecords", nullptr},
    {"tier_b_records", "dlpsensorTierBRecords", nullptr},
    {"tier_c_records", "dlpsensorTierCRecords", nullptr},
    {"insider", "dlpsensorInsider", nullptr},
    {"destination", "dlpsensorDestination", nullptr},
    {"destination_kind", "dlpsensorDestinationKind", nullptr},
    {"tls", "dlpsensorTls", nullptr},
    {"tls_version", "dlpsensorTlsVersion", nullptr},
    {"tls_cipher", "dlpsensorTlsCipher", nullptr},
    {"tls_sni", "dlpsensorTlsSni", nullptr},
    {"tls_alpn", "dlpsensorTlsAlpn", nullptr},
    {"ja3", "dlpsensorJa3", nullptr},
    {"ja4", "dlpsensorJa4", nullptr},
    {"tls_subject", "dlpsensorTlsSubject", nullptr},
    {"tls_issuer", "dlpsensorTlsIssuer", nullptr},
    {"tls_san", "dlpsensorTlsSan", nullptr},
    {"flows", "dlpsensorFlows", nullptr},
    {"bytes_received", "in", nullptr},
    {"receiver_initiated", "dlpsensorReceiverInitiated", nullptr},
    {"requests", "dlpsensorRequests", nullptr},
    {"enumeration", "dlpsensorEnumeration", nullptr},
    {"enumeration_path", "dlpsensorEnumerationPath", nullptr},
    {"servers", "dlpsensorServers", nullptr},
    {"user_agents", "requestClientApplication", nullptr},
    {"uri_paths", "dlpsensorUriPaths", nullptr},
    {"files", "dlpsensorFiles", nullptr},
    {"settings", "dlpsensorSettings", nullptr},
    {"totals", "dlpsensorTotals", nullptr},
};

}  // namespace

// ArcSight CEF:0. Standard keys where CEF has them (rt, src, spt, dst, dpt,
// proto, app, cat, cnt, start, end, out, msg, duser for a database's user),
// custom ones for the rest.
std::string format_cef(const Alert& a) {
  std::string samples;
  for (const auto& s : a.samples) samples += (samples.empty() ? "" : ",") + s;
  std::string out = fmt::format("CEF:0|dlp-sensor|dlp-sensor|{}|{}|{}|{}|", header(DLP_VERSION), a.signature_id,
                                header(a.signature), cef_severity(a.severity));
  out += fmt::format(
      "rt={} dlpsensorSchemaVersion={} src={} spt={} dst={} dpt={} proto={} app={} cat={} cnt={} cn1={} "
      "cn1Label=distinct",
      millis(a.timestamp), kAlertSchemaVersion, a.src.ip.to_string(), a.src.port, a.dst.ip.to_string(), a.dst.port,
      extension(a.proto), extension(a.app), extension(a.category), a.matches, a.distinct);
  out += fmt::format(" cn2={} cn2Label=masked cn3={} cn3Label=sample_values cfp1={} cfp1Label=score", a.masked,
                     a.sample_values, format_score(a.score));
  out += fmt::format(" flexNumber1={} flexNumber1Label=records cs4=high:{} medium:{} low:{} cs4Label=confidence",
                     a.records, a.high_confidence, a.medium_confidence, a.low_confidence);
  out += fmt::format(" cs1={} cs1Label=samples cs2={} cs2Label=direction cs3={} cs3Label=event", extension(samples),
                     extension(direction_name(a.direction)), extension(a.event));
  out += fmt::format(" start={} end={} out={} msg={}", millis(a.flow_start), millis(a.flow_end), a.bytes,
                     extension(alert_summary(a)));
  for (const auto& field : application_fields(a)) {
    const auto* key = std::find_if(std::begin(kApplicationKeys), std::end(kApplicationKeys),
                                   [&](const ApplicationKey& k) { return std::string_view(k.field) == field.first; });
    if (key == std::end(kApplicationKeys)) continue;
    out += fmt::format(" {}={}", key->key, extension(field.second));
    if (key->label) out += fmt::format(" {}Label={}", key->key, key->label);
  }
  return out;
}

}  // namespace dlp
