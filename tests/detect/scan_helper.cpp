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

std::vector<Found> scan_chunks(const std::vector<std::string>& chunks) {
  Scanner scanner(default_patterns(), default_signatures());
  ContentStream stream;
  CollectFindings sink;
  for (const auto& c : chunks) scanner.write(stream, as_bytes(c), sink);
  scanner.close(stream, sink);
  return sink.found;
}

std::vector<Found> scan(const std::string& text) { return scan_chunks({text}); }

}  // namespace dlp::test
