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
  for (std::size_t s = 0; s < sigs.size(); ++s) {
    for (const auto& p : sigs[s].patterns) {
      ids.push_back(static_cast<unsigned>(expressions.size()));
      expressions.push_back(p.regex.c_str());
      flags.push_back(0);
      sources.push_back(&p);
      signature_of_.push_back(s);
    }
  }
  auto started = std::chrono::steady_clock::now();
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(expressions.size()), HS_MODE_STREAM, nullptr, &db_,
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
