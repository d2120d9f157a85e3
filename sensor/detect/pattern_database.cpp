#include "detect/pattern_database.hpp"

#include <chrono>
#include <fmt/format.h>
#include <hs/hs.h>

namespace dlp {

PatternDatabase::PatternDatabase(const SignatureSet& signatures) {
  std::vector<const char*> expressions;
  std::vector<unsigned> flags, ids;
  std::vector<const SignaturePattern*> sources;
  const auto& sigs = signatures.signatures();
  auto add = [&](std::size_t signature, const SignaturePattern& p, bool masked) {
    ids.push_back(static_cast<unsigned>(expressions.size()));
    expressions.push_back(p.regex.c_str());
    flags.push_back(masked ? HS_FLAG_SOM_LEFTMOST : 0);
    sources.push_back(&p);
    patterns_.push_back({signature, masked});
  };
  for (std::size_t s = 0; s < sigs.size(); ++s) {
    for (const auto& p : sigs[s].patterns) add(s, p, false);
    for (const auto& p : sigs[s].masked_patterns) add(s, p, true);
  }
  auto started = std::chrono::steady_clock::now();
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(expressions.size()), HS_MODE_STREAM | HS_MODE_SOM_HORIZON_SMALL, nullptr, &db_,
                       &error) != HS_SUCCESS) {
    std::string why = error ? error->message : "unknown error";
    int which = error ? error->expression : -1;
    hs_free_compile_error(error);
    if (which >= 0 && static_cast<std::size_t>(which) < sources.size()) {
      const auto& at = sources[which]->source;
      throw SignatureError(fmt::format("{}:{}: pattern does not compile: {}", at.file, at.line, why));
    }
    throw SignatureError(fmt::format("signatures do not compile: {}", why));
  }
  hs_stream_size(db_, &stream_size_);
  compile_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

PatternDatabase::~PatternDatabase() { hs_free_database(db_); }

}  // namespace dlp
