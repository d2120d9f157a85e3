// libFuzzer harness for the scan stage, differential: the fuzzer's bytes as
// one stream, cut into chunks of the size its first byte says, are
// normalised on the vector and on the scalar path (the bytes must be the
// same) and scanned with the token database and with one merged database
// (the findings and delimiters must be the same, in order); they are read
// as a signature pattern and as an HTTP request target too (pattern_alphabet
// and uri_shape must not fault, and a template keeps its bounds).
// Build: cmake -S . -B build-fuzz -DFUZZ=ON -DCMAKE_CXX_COMPILER=clang++
// Run:   build-fuzz/fuzz-scan -max_total_time=300 CORPUS_DIR
#include <algorithm>
#include <string>

#include "common/uri_shape.hpp"
#include "detect/scan/scanner.hpp"
#include "detect/signatures/pattern_alphabet.hpp"

namespace {

struct Record final : dlp::FindingSink {
  std::string events;
  void on_finding(const dlp::Signature& s, const dlp::Candidate& c) override {
    events += s.category + ":" + c.value + "@" + std::to_string(c.start) + "\n";
  }
  void on_masked(const dlp::Signature& s, std::string_view token) override {
    events += s.category + " masked " + std::string(token) + "\n";
  }
  void on_delimiter(dlp::RecordDelimiter d) override { events += std::to_string(static_cast<int>(d)) + "\n"; }
};

std::string normalised(dlp::ByteSpan text, std::size_t step, const dlp::ByteKernels* kernels) {
  dlp::TextNormaliser n(kernels);
  std::string out, scratch;
  for (std::size_t i = 0; i < text.size(); i += step)
    out += dlp::as_chars(n.write(text.subspan(i, std::min(step, text.size() - i)), scratch));
  scratch.clear();
  n.flush(scratch);
  return out + scratch;
}

std::string scanned(const dlp::PatternDatabase& db, const dlp::SignatureSet& set, dlp::ByteSpan text,
                    std::size_t step) {
  dlp::Scanner scanner(db, set);
  dlp::ContentStream stream;
  Record record;
  for (std::size_t i = 0; i < text.size(); i += step)
    scanner.write(stream, text.subspan(i, std::min(step, text.size() - i)), record);
  scanner.close(stream, record);
  return record.events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const dlp::SignatureSet set = dlp::SignatureSet::load(DLP_DEFAULT_SIGNATURES, dlp::ValidatorConfig{2026});
  static const dlp::PatternDatabase split(set), merged(set, "", false);
  if (size < 2) return 0;
  const std::size_t step = 1 + data[0] * 4u;
  const dlp::ByteSpan text(data + 1, size - 1);
  const std::string bytewise = normalised(text, step, nullptr);
  for (const dlp::ByteKernels* kernels : dlp::runnable_byte_kernels())
    if (normalised(text, step, kernels) != bytewise) __builtin_trap();
  if (scanned(split, set, text, step) != scanned(merged, set, text, step)) __builtin_trap();
  (void)dlp::pattern_alphabet(dlp::as_chars(text), data[0] & 1);
  const dlp::UriShape shape = dlp::uri_shape(dlp::as_chars(text));
  if (shape.path_template.size() > dlp::UriShape::kMaxTemplate || shape.numbers.size() > dlp::UriShape::kMaxNumbers)
    __builtin_trap();
  return 0;
}
