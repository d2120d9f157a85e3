#include "detect/signatures/pattern_database.hpp"

#include <fmt/format.h>
#include <hs/hs.h>
#include <openssl/evp.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "common/hex.hpp"
#include "detect/signatures/pattern_alphabet.hpp"

namespace dlp {

namespace {

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string escaped(std::string_view bytes) {
  std::string out;
  for (unsigned char b : bytes) out += fmt::format("\\x{:02X}", b);
  return out;
}

}  // namespace

namespace {

// Names a compiled database by everything that shapes it: the Hyperscan
// version and each expression with its id and flags.
std::string cache_key(const std::vector<std::string>& expressions, const std::vector<unsigned>& flags,
                      const std::vector<unsigned>& ids) {
  std::string text = hs_version();
  for (unsigned id : ids) text += fmt::format("\n{}\t{}\t{}", id, flags[id], expressions[id]);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  return to_hex(digest, length);
}

hs_database* load_cached(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  hs_database* db = nullptr;
  if (hs_deserialize_database(bytes.data(), bytes.size(), &db) != HS_SUCCESS) return nullptr;
  return db;
}

// Written under a temporary name and renamed, so that a reader never sees half a file.
void save_cached(const std::string& path, const hs_database* db) {
  char* bytes = nullptr;
  std::size_t length = 0;
  if (hs_serialize_database(db, &bytes, &length) != HS_SUCCESS) return;
  const std::string temporary = fmt::format("{}.{}.tmp", path, getpid());
  {
    std::ofstream out(temporary, std::ios::binary);
    out.write(bytes, static_cast<std::streamsize>(length));
  }
  std::free(bytes);
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) std::filesystem::remove(temporary, ec);
}

}  // namespace

namespace {

// The expressions of one database in id order, with their flags, what each
// means and where it was written.
struct Expressions {
  std::vector<std::string> regex;
  std::vector<unsigned> flags;
  std::vector<PatternInfo> info;
  std::vector<const SourceLine*> sources;

  void add(std::string r, unsigned f, PatternInfo i, const SourceLine* at) {
    if (form_is_caseless(i.form)) f |= HS_FLAG_CASELESS;
    regex.push_back(std::move(r));
    flags.push_back(f);
    info.push_back(i);
    sources.push_back(at);
  }
  // Value patterns, in each text form the signature is written in.
  void add_regexes(const Signature& sig, std::size_t s, const std::vector<SignaturePattern>& list, PatternKind kind,
                   unsigned f) {
    for (const auto& p : list) {
      if (is_ascii(p.regex)) {
        add(p.regex, f, {s, kind, TextForm::utf8, 0}, &p.source);
        continue;
      }
      for (TextForm form : kAllTextForms) {
        if (!(sig.forms & form_bit(form))) continue;
        if (auto r = regex_in_form(p.regex, form)) add(*r, f, {s, kind, form, 0}, &p.source);
      }
    }
  }
  // Labels and keywords: literals, each in its text forms.
  void add_literals(const Signature& sig, std::size_t s, const std::vector<SignaturePattern>& list, PatternKind kind) {
    for (const auto& p : list) {
      if (is_ascii(p.regex)) {
        // A Latin word must not be the end of a longer one (tel in hotel).
        add("(?:^|[^A-Za-z0-9])" + escaped(p.regex), HS_FLAG_CASELESS,
            {s, kind, TextForm::utf8, static_cast<std::uint16_t>(p.regex.size())}, &p.source);
        continue;
      }
      for (TextForm form : kAllTextForms) {
        if (!(sig.forms & form_bit(form))) continue;
        if (auto bytes = literal_in_form(p.regex, form))
          add(escaped(*bytes), 0, {s, kind, form, static_cast<std::uint16_t>(bytes->size())}, &p.source);
      }
    }
  }
};

Expressions expressions_of(const SignatureSet& signatures) {
  Expressions e;
  const auto& sigs = signatures.signatures();
  for (std::size_t s = 0; s < sigs.size(); ++s) {
    e.add_regexes(sigs[s], s, sigs[s].patterns, PatternKind::value, 0);
    e.add_regexes(sigs[s], s, sigs[s].masked_patterns, PatternKind::masked, HS_FLAG_SOM_LEFTMOST);
    e.add_literals(sigs[s], s, sigs[s].labels, PatternKind::label);
    e.add_literals(sigs[s], s, sigs[s].keywords, PatternKind::keyword);
  }
  e.add("\\n", 0, {PatternInfo::kNoSignature, PatternKind::line_end}, nullptr);
  e.add("\\{", 0, {PatternInfo::kNoSignature, PatternKind::object_start}, nullptr);
  e.add("\\}", 0, {PatternInfo::kNoSignature, PatternKind::object_end}, nullptr);
  return e;
}

// Throws SignatureError naming the file and line of the pattern Hyperscan refused.
hs_database* compile(const Expressions& e, const std::vector<unsigned>& ids) {
  std::vector<const char*> pointers;
  std::vector<unsigned> flags;
  for (unsigned id : ids) {
    pointers.push_back(e.regex[id].c_str());
    flags.push_back(e.flags[id]);
  }
  hs_database* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(pointers.data(), flags.data(), ids.data(), static_cast<unsigned>(pointers.size()),
                       HS_MODE_STREAM | HS_MODE_SOM_HORIZON_SMALL, nullptr, &db, &error) == HS_SUCCESS)
    return db;
  std::string why = error ? error->message : "unknown error";
  int which = error && error->expression >= 0 ? static_cast<int>(ids[static_cast<std::size_t>(error->expression)]) : -1;
  hs_free_compile_error(error);
  if (which >= 0 && e.sources[static_cast<std::size_t>(which)]) {
    const auto& at = *e.sources[static_cast<std::size_t>(which)];
    throw SignatureError(fmt::format("{}:{}: pattern does not compile: {}", at.file, at.line, why));
  }
  throw SignatureError(fmt::format("signatures do not compile: {}", why));
}

std::size_t min_width(const Expressions& e, unsigned id) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_expression_info(e.regex[id].c_str(), e.flags[id], &info, &error) != HS_SUCCESS) {
    hs_free_compile_error(error);
    return 0;
  }
  const std::size_t width = info->min_width;
  std::free(info);
  return width;
}

// A value pattern of token bytes only, whose every match holds one (not only
// the boundary before it).
bool is_token_pattern(const Expressions& e, unsigned id) {
  if (e.info[id].kind != PatternKind::value || (e.flags[id] & HS_FLAG_SOM_LEFTMOST)) return false;
  const auto alphabet = pattern_alphabet(e.regex[id], e.flags[id] & HS_FLAG_CASELESS);
  if (!alphabet || alphabet->bytes.none() || min_width(e, id) == 0) return false;
  for (unsigned b = 0; b < 256; ++b)
    if (alphabet->bytes[b] && !is_token_byte(static_cast<unsigned char>(b))) return false;
  return true;
}

// The database of `ids`, loaded from `cache_dir` if it was compiled before,
// else compiled (and saved there).
hs_database* load_or_compile(const Expressions& e, const std::vector<unsigned>& ids, const std::string& cache_dir,
                             bool& from_cache) {
  const std::string path = cache_dir.empty() ? "" : cache_dir + "/" + cache_key(e.regex, e.flags, ids) + ".hsdb";
  hs_database* db = path.empty() ? nullptr : load_cached(path);
  from_cache = db != nullptr;
  if (!db) {
    db = compile(e, ids);
    if (!path.empty()) save_cached(path, db);
  }
  return db;
}

}  // namespace

PatternDatabase::PatternDatabase(const SignatureSet& signatures, const std::string& cache_dir, bool separate_tokens) {
  Expressions e = expressions_of(signatures);
  std::vector<unsigned> stream_ids;
  std::array<std::vector<unsigned>, kTokenTiers> token_ids;
  for (auto& tier : token_tiers_) tier.min_length = std::numeric_limits<std::size_t>::max();
  for (unsigned id = 0; id < e.regex.size(); ++id) {
    if (e.info[id].kind == PatternKind::line_end) line_end_id_ = id;
    if (e.info[id].signature == PatternInfo::kNoSignature) continue;  // a delimiter
    if (!separate_tokens || !is_token_pattern(e, id)) {
      stream_ids.push_back(id);
      continue;
    }
    const std::size_t width = min_width(e, id);
    const std::size_t tier = width >= kLongTokenBytes ? 1 : 0;
    token_ids[tier].push_back(id);
    token_tiers_[tier].min_length = std::min(token_tiers_[tier].min_length, width);
  }
  const auto started = std::chrono::steady_clock::now();
  if (!cache_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(cache_dir, ec);
  }
  db_ = load_or_compile(e, stream_ids, cache_dir, from_cache_);
  hs_stream_size(db_, &stream_size_);
  for (std::size_t t = 0; t < kTokenTiers; ++t) {
    if (token_ids[t].empty()) continue;
    bool tier_from_cache = true;
    token_tiers_[t].db = load_or_compile(e, token_ids[t], cache_dir, tier_from_cache);
    hs_stream_size(token_tiers_[t].db, &token_tiers_[t].state_bytes);
    from_cache_ = from_cache_ && tier_from_cache;
  }
  compile_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  patterns_ = std::move(e.info);
}

PatternDatabase::~PatternDatabase() {
  hs_free_database(db_);
  for (auto& tier : token_tiers_) hs_free_database(tier.db);
}

}  // namespace dlp
