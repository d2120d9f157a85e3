#include "detect/signatures/signature_set.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "detect/validators/labelled_validator.hpp"

namespace dlp {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

[[noreturn]] void fail(const SourceLine& at, std::string_view why) {
  throw SignatureError(fmt::format("{}:{}: {}", at.file, at.line, why));
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SignatureError(fmt::format("{}: cannot read signature file", path));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

void SignatureSet::finish(Signature& s, bool has_tier) {
  const char* missing = s.id == 0                                ? "id"
                        : s.category.empty()                     ? "category"
                        : s.name.empty()                         ? "name"
                        : s.validator_name.empty()               ? "validator"
                        : s.patterns.empty() && s.labels.empty() ? "pattern"
                        : !has_tier                              ? "tier"
                                                                 : nullptr;
  if (missing) fail(s.source, fmt::format("signature has no '{}'", missing));
  if (s.validator->reads_labelled_value() && !s.patterns.empty())
    fail(s.source,
         fmt::format("validator '{}' reads a labelled value: give it 'label' lines, not 'pattern'", s.validator_name));
  if (!s.labels.empty() && !s.validator->reads_labelled_value())
    s.label_validator = std::make_unique<LabelledTokenValidator>(*s.validator);
  for (const auto& other : signatures_)
    if (other.id == s.id)
      fail(s.source, fmt::format("signature id {} already used at {}:{}", s.id, other.source.file, other.source.line));
  auto cat = std::find(categories_.begin(), categories_.end(), s.category);
  s.category_index = static_cast<std::size_t>(cat - categories_.begin());
  if (cat == categories_.end()) categories_.push_back(s.category);
  signatures_.push_back(std::move(s));
}

void SignatureSet::parse_into(const std::string& text, const std::string& file_name, const ValidatorConfig& config) {
  std::istringstream in(text);
  std::string raw;
  SourceLine at{file_name, 0};
  std::optional<Signature> current;
  bool has_tier = false;
  while (std::getline(in, raw)) {
    ++at.line;
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    if (line == "[signature]") {
      if (current) finish(*current, has_tier);
      current.emplace();
      current->source = at;
      has_tier = false;
      continue;
    }
    if (line.front() == '[') fail(at, fmt::format("unknown section '{}'", line));
    auto eq = line.find('=');
    if (eq == std::string_view::npos) fail(at, "expected 'key = value'");
    if (!current) fail(at, "a key outside a [signature] section");
    std::string_view key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
    if (value.empty()) fail(at, fmt::format("'{}' has no value", key));
    Signature& s = *current;
    if (key == "id") {
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), s.id);
      if (ec != std::errc() || end != value.data() + value.size() || s.id == 0)
        fail(at, fmt::format("id '{}' is not a positive number", value));
    } else if (key == "min_values") {
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), s.min_values);
      if (ec != std::errc() || end != value.data() + value.size() || s.min_values == 0 || s.min_values > 1'000'000)
        fail(at, fmt::format("min_values '{}' is not a number from 1 to 1000000", value));
    } else if (key == "name") {
      s.name = value;
    } else if (key == "category") {
      s.category = value;
    } else if (key == "tier") {
      if (!parse_legal_tier(value, s.tier)) fail(at, fmt::format("tier '{}' is not A, B, C or none", value));
      has_tier = true;
    } else if (key == "validator") {
      s.validator = make_validator(value, config);
      if (!s.validator) fail(at, fmt::format("unknown validator '{}'", value));
      s.validator_name = value;
    } else if (key == "pattern") {
      s.patterns.push_back({std::string(value), at});
    } else if (key == "masked_pattern") {
      s.masked_patterns.push_back({std::string(value), at});
    } else if (key == "label") {
      s.labels.push_back({std::string(value), at});
    } else if (key == "keyword") {
      s.keywords.push_back({std::string(value), at});
    } else if (key == "require_keyword" || key == "identifier") {
      if (value != "yes" && value != "no") fail(at, fmt::format("'{}' is 'yes' or 'no'", key));
      (key == "identifier" ? s.identifier : s.require_keyword) = value == "yes";
    } else if (key == "encodings") {
      s.forms = 0;
      std::istringstream names{std::string(value)};
      for (std::string name; names >> name;) {
        TextForm form;
        if (!parse_text_form(name, form))
          fail(at, fmt::format("encoding '{}' is not utf8, gbk, percent_utf8, percent_gbk or json", name));
        s.forms |= form_bit(form);
      }
    } else if (key == "sample_value") {
      s.sample_values.emplace(value);
    } else {
      fail(at, fmt::format("unknown key '{}'", key));
    }
  }
  if (current) finish(*current, has_tier);
}

SignatureSet SignatureSet::parse(const std::string& text, const std::string& file_name, const ValidatorConfig& config) {
  SignatureSet set;
  set.parse_into(text, file_name, config);
  if (set.signatures_.empty()) throw SignatureError(fmt::format("{}: no signatures", file_name));
  return set;
}

SignatureSet SignatureSet::load(const std::string& path, const ValidatorConfig& config) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::set<std::string> files;
  if (fs::is_directory(path, ec)) {
    for (const auto& e : fs::directory_iterator(path, ec))
      if (e.path().extension() == ".sig") files.insert(e.path().string());
  } else {
    files.insert(path);
  }
  SignatureSet set;
  for (const auto& f : files) set.parse_into(read_file(f), f, config);
  if (set.signatures_.empty()) throw SignatureError(fmt::format("{}: no signatures", path));
  return set;
}

}  // namespace dlp
