#include "detect/signatures/pattern_database.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <hs/hs.h>
#include <iterator>
#include <openssl/evp.h>
#include <unistd.h>

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

// Names a compiled database by everything that shapes it.
std::string cache_key(const std::vector<std::string>& expressions, const std::vector<unsigned>& flags) {
  std::string text = hs_version();
  for (std::size_t i = 0; i < expressions.size(); ++i) text += fmt::format("\n{}\t{}", flags[i], expressions[i]);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
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

PatternDatabase::PatternDatabase(const SignatureSet& signatures, const std::string& cache_dir) {
  std::vector<std::string> expressions;
  std::vector<unsigned> flags;
  std::vector<const SourceLine*> sources;
  auto add = [&](std::string regex, unsigned f, PatternInfo info, const SourceLine* at) {
    if (form_is_caseless(info.form)) f |= HS_FLAG_CASELESS;
    expressions.push_back(std::move(regex));
    flags.push_back(f);
    sources.push_back(at);
    patterns_.push_back(info);
  };
  const auto& sigs = signatures.signatures();
  for (std::size_t s = 0; s < sigs.size(); ++s) {
    auto add_regexes = [&](const std::vector<SignaturePattern>& list, PatternKind kind, unsigned f) {
      for (const auto& p : list) {
        if (is_ascii(p.regex)) {
          add(p.regex, f, {s, kind, TextForm::utf8, 0}, &p.source);
          continue;
        }
        for (TextForm form : kAllTextForms) {
          if (!(sigs[s].forms & form_bit(form))) continue;
          if (auto regex = regex_in_form(p.regex, form)) add(*regex, f, {s, kind, form, 0}, &p.source);
        }
      }
    };
    auto add_literals = [&](const std::vector<SignaturePattern>& list, PatternKind kind) {
      for (const auto& p : list) {
        if (is_ascii(p.regex)) {
          // A Latin word must not be the end of a longer one (tel in hotel).
          add("(?:^|[^A-Za-z0-9])" + escaped(p.regex), HS_FLAG_CASELESS,
              {s, kind, TextForm::utf8, static_cast<std::uint16_t>(p.regex.size())}, &p.source);
          continue;
        }
        for (TextForm form : kAllTextForms) {
          if (!(sigs[s].forms & form_bit(form))) continue;
          if (auto bytes = literal_in_form(p.regex, form))
            add(escaped(*bytes), 0, {s, kind, form, static_cast<std::uint16_t>(bytes->size())}, &p.source);
        }
      }
    };
    add_regexes(sigs[s].patterns, PatternKind::value, 0);
    add_regexes(sigs[s].masked_patterns, PatternKind::masked, HS_FLAG_SOM_LEFTMOST);
    add_literals(sigs[s].labels, PatternKind::label);
    add_literals(sigs[s].keywords, PatternKind::keyword);
  }
  add("\\n", 0, {PatternInfo::kNoSignature, PatternKind::line_end}, nullptr);
  add("\\{", 0, {PatternInfo::kNoSignature, PatternKind::object_start}, nullptr);
  add("\\}", 0, {PatternInfo::kNoSignature, PatternKind::object_end}, nullptr);

  std::vector<const char*> pointers;
  std::vector<unsigned> ids;
  for (std::size_t i = 0; i < expressions.size(); ++i) {
    pointers.push_back(expressions[i].c_str());
    ids.push_back(static_cast<unsigned>(i));
  }
  auto started = std::chrono::steady_clock::now();
  std::string cached;
  if (!cache_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(cache_dir, ec);
    cached = cache_dir + "/" + cache_key(expressions, flags) + ".hsdb";
    db_ = load_cached(cached);
  }
  if (db_) {
    from_cache_ = true;
    hs_stream_size(db_, &stream_size_);
    compile_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return;
  }
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(pointers.data(), flags.data(), ids.data(), static_cast<unsigned>(pointers.size()),
                       HS_MODE_STREAM | HS_MODE_SOM_HORIZON_SMALL, nullptr, &db_, &error) != HS_SUCCESS) {
    std::string why = error ? error->message : "unknown error";
    int which = error ? error->expression : -1;
    hs_free_compile_error(error);
    if (which >= 0 && static_cast<std::size_t>(which) < sources.size() && sources[which]) {
      const auto& at = *sources[which];
      throw SignatureError(fmt::format("{}:{}: pattern does not compile: {}", at.file, at.line, why));
    }
    throw SignatureError(fmt::format("signatures do not compile: {}", why));
  }
  hs_stream_size(db_, &stream_size_);
  compile_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!cached.empty()) save_cached(cached, db_);
}

PatternDatabase::~PatternDatabase() { hs_free_database(db_); }

}  // namespace dlp
