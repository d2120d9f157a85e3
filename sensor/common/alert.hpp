#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/content_context.hpp"
#include "common/direction.hpp"
#include "common/flow_key.hpp"
#include "common/timestamp.hpp"
#include "common/tls_summary.hpp"

namespace dlp {

// Severity of an alert, in rising order; the syslog severity derives from it.
enum class Severity { info, warning, critical, severe };

const char* severity_name(Severity s);
bool parse_severity(std::string_view text, Severity& out);

// What one direction of one flow carried of one category of personal data.
// Every output format renders this one record.
struct Alert {
  Timestamp timestamp;
  std::string event;  // "dlp.flow"
  std::uint32_t signature_id = 0;
  std::string signature;
  std::string category;
  Severity severity = Severity::info;
  double score = 0;  // share of the legal "serious" threshold reached (1 = 情节严重)
  Endpoint src;      // the sender of the data (the server of a retrieval)
  Endpoint dst;      // its receiver (the workstation of a retrieval)
  std::string proto;
  std::string community_id;  // of the flow (v1), to join Zeek's, Suricata's and Arkime's logs
  std::string app;
  Direction direction = Direction::outbound;
  std::uint64_t matches = 0;
  std::uint64_t distinct = 0;
  std::uint64_t masked = 0;         // distinct de-identified values (138****5678)
  std::uint64_t sample_values = 0;  // hits on well-known example values
  // Records (one person: a line, row or JSON object with this category's
  // identifier and another attribute), deduplicated by identifier.
  std::uint64_t records = 0;
  // Distinct values by confidence: pattern + validator + keyword (high),
  // pattern + validator (medium), keyword-bound type (low).
  std::uint64_t high_confidence = 0, medium_confidence = 0, low_confidence = 0;
  // What the score was computed from, for a reader to recompute it: the
  // category's legal tier ("A", "B", "C"), its records by their tiers, and
  // whether Art. 5 item 8 (an insider) doubled it.
  std::string legal_tier;
  std::uint64_t tier_records[3] = {};  // A, B, C
  bool insider = false;
  std::vector<std::string> samples;  // masked
  Timestamp flow_start;
  Timestamp flow_end;
  std::uint64_t bytes = 0;  // bytes the sender sent in this flow
  // Where in the application the values were (empty fields are left out).
  ContentContext content;
  std::string mail_from;
  std::uint64_t rcpt_to = 0;  // a mail's recipients
  std::string db_user, db_name;
  std::uint64_t rows = 0;                     // result rows the flow direction carried
  bool truncated = false;                     // a decoding limit cut the content: more may have been sent
  bool receiver_initiated = false;            // the receiver asked for the data (a server's answer, a download)
  bool off_hours = false;                     // a retrieval outside the working hours
  std::uint64_t off_hours_records = 0;        // of a workstation summary's records, those retrieved off hours
  TlsSummary tls;                             // the flow's TLS handshake
  std::string destination, destination_kind;  // the receiver's name and its kind (cloud_storage...)
  std::uint64_t flows = 0;                    // of an upload volume
  std::uint64_t bytes_received = 0;           // of an upload volume: what its flows brought back
  // Of a dlp.receiver_summary: its flows' HTTP requests, whether they walked
  // an ID space (and the request template that did), and as JSON arrays the
  // internal servers, the first User-Agents and the templates with the most values.
  std::uint64_t requests = 0;
  bool enumeration = false;
  std::string enumeration_path;
  std::string servers, user_agents, uri_paths;
  // Of an ICAP message: the proxy's user, the message's id (on its block
  // page), and what was done with it (blocked, allowed, aborted).
  std::string user, alert_id, action;
  // Of a dlp.replay_summary, each a JSON text: the capture files read, the
  // settings the results depend on, the totals of the replay's alerts.
  std::string files, settings, totals;
};

}  // namespace dlp
