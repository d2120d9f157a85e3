#pragma once
#include <memory>
#include <string>

#include "detect/signatures/pattern_database.hpp"
#include "detect/signatures/signature_set.hpp"

namespace dlp {

// A signature set with its compiled database: what detection needs, loaded
// as a whole and replaced as a whole when the signatures are reloaded. Flows
// keep the engine they started with; it lives as long as one of them, or a
// host summary that counts them, does.
struct DetectionEngine {
  // Throws SignatureError (file:line) as SignatureSet::load does.
  DetectionEngine(const std::string& path, const ValidatorConfig& validators, const std::string& cache_dir)
      : signatures(SignatureSet::load(path, validators)), patterns(signatures, cache_dir) {}
  DetectionEngine(const DetectionEngine&) = delete;
  DetectionEngine& operator=(const DetectionEngine&) = delete;

  SignatureSet signatures;
  PatternDatabase patterns;  // refers to `signatures`: the engine never moves
};

using Engine = std::shared_ptr<const DetectionEngine>;

}  // namespace dlp
