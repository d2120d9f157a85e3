#include "detect/scan/quote_masking.hpp"

#include <algorithm>
#include <vector>

namespace dlp {

namespace {

struct Found {
  std::string value, masked;
  std::uint64_t start;
};

class Collector final : public FindingSink {
 public:
  void on_finding(const Signature& signature, const Candidate& c) override {
    const Validator* v = signature.validator ? signature.validator.get() : signature.label_validator.get();
    found.push_back({c.value, v ? v->mask(c.value) : std::string(c.value.size(), '*'), c.start});
  }
  void on_masked(const Signature&, std::string_view) override {}
  void on_delimiter(RecordDelimiter) override {}
  std::vector<Found> found;
};

std::string mask_digits(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= '0' && c <= '9') c = '*';
  return out;
}

}  // namespace

std::string mask_personal_data(Scanner& scanner, std::string_view text) {
  Collector collector;
  {
    ContentStream stream;
    scanner.write(stream, as_bytes(text), collector);
    scanner.close(stream, collector);
  }
  if (collector.found.empty()) return std::string(text);
  std::sort(collector.found.begin(), collector.found.end(),
            [](const Found& a, const Found& b) { return a.start < b.start; });
  std::string out;
  std::size_t at = 0;
  for (const Found& f : collector.found) {
    if (f.start < at) continue;  // inside one already masked
    if (text.substr(f.start, f.value.size()) != f.value) return mask_digits(text);
    out.append(text.substr(at, f.start - at)).append(f.masked);
    at = f.start + f.value.size();
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace dlp
