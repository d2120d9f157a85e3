#include "detect/scan/quote_masking.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace dlp {

namespace {

struct Found {
  std::string value, masked;
};

class Collector final : public FindingSink {
 public:
  void on_finding(const Signature& signature, const Candidate& c) override {
    const Validator* v = signature.validator ? signature.validator.get() : signature.label_validator.get();
    found.push_back({c.value, v ? v->mask(c.value) : std::string(c.value.size(), '*')});
  }
  void on_masked(const Signature&, std::string_view) override {}
  void on_delimiter(RecordDelimiter) override {}
  std::vector<Found> found;
};

// Where `value` is in `text` from `from` on, letters in any case
// (validators give emails in lower case); npos if nowhere.
std::size_t find_letters(std::string_view text, std::string_view value, std::size_t from) {
  const auto same = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  };
  const auto at = std::search(text.begin() + static_cast<std::ptrdiff_t>(std::min(from, text.size())), text.end(),
                              value.begin(), value.end(), same);
  return at == text.end() ? std::string_view::npos : static_cast<std::size_t>(at - text.begin());
}

std::string mask_digits(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= '0' && c <= '9') c = '*';
  return out;
}

}  // namespace

// Each value is looked for in the text, not at its stream offset: the scan
// reads %-escapes decoded, so offsets move.
std::string mask_personal_data(Scanner& scanner, std::string_view text) {
  Collector collector;
  {
    ContentStream stream;
    scanner.write(stream, as_bytes(text), collector);
    scanner.close(stream, collector);
  }
  std::string out(text);
  for (const Found& f : collector.found) {
    std::size_t at = find_letters(out, f.value, 0);
    if (at == std::string::npos && find_letters(text, f.value, 0) != std::string::npos) continue;  // masked already
    if (at == std::string::npos) return mask_digits(text);
    for (; at != std::string::npos; at = find_letters(out, f.value, at + f.masked.size()))
      out.replace(at, f.value.size(), f.masked);
  }
  return out;
}

namespace {
void mask_each(Scanner& scanner, std::initializer_list<std::string*> quoted) {
  for (std::string* q : quoted)
    if (!q->empty()) *q = mask_personal_data(scanner, *q);
}
}  // namespace

void mask_quoted(Scanner& scanner, ContentContext& context) {
  mask_each(scanner, {&context.http_uri, &context.filename, &context.db_query});
}

void mask_quoted(Scanner& scanner, TlsSummary& tls) {
  mask_each(scanner, {&tls.sni, &tls.subject, &tls.issuer});
  for (std::string& name : tls.san) mask_each(scanner, {&name});
}

}  // namespace dlp
