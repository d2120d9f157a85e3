#include "detect/scan_helper.hpp"

namespace dlp::test {

const SignatureSet& default_signatures() {
  static const SignatureSet set = SignatureSet::load(DLP_SOURCE_DIR "/signatures", ValidatorConfig{2026});
  return set;
}

const PatternDatabase& default_patterns() {
  static const PatternDatabase db(default_signatures());
  return db;
}

const Signature& signature_of(std::string_view category) {
  for (const auto& s : default_signatures().signatures())
    if (s.category == category) return s;
  throw std::logic_error("no signature of category " + std::string(category));
}

namespace {

void scan_into(const std::vector<std::string>& chunks, FindingSink& sink) {
  Scanner scanner(default_patterns(), default_signatures());
  ContentStream stream;
  for (const auto& c : chunks) scanner.write(stream, as_bytes(c), sink);
  scanner.close(stream, sink);
}

}  // namespace

std::vector<Found> scan_chunks(const std::vector<std::string>& chunks) {
  CollectFindings sink;
  scan_into(chunks, sink);
  return sink.found;
}

CollectFindings scan_collect(const std::string& text) {
  CollectFindings sink;
  scan_into({text}, sink);
  return sink;
}

std::vector<Alert> alerts_of(const std::string& text) {
  FindingsStats stats;
  const FindingsConfig findings_config;
  FlowFindings findings(default_signatures(), findings_config, stats);
  scan_into({text}, findings.sink(FindingSource::raw));
  findings.close_record();
  const ReportConfig report_config;
  Reporter reporter(report_config);
  std::vector<Alert> alerts;
  reporter.flow_ended(FlowSummary{}, findings, nullptr, alerts);
  return alerts;
}

std::vector<Found> scan(const std::string& text) { return scan_chunks({text}); }

}  // namespace dlp::test
