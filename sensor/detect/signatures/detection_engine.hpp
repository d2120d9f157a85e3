#pragma once
#include <memory>
#include <string>

#include "detect/signatures/destination_kinds.hpp"
#include "detect/signatures/pattern_database.hpp"
#include "detect/signatures/signature_set.hpp"

namespace dlp {

// A signature set with its compiled database, and the list of destination
// kinds that names where data goes: what detection needs, loaded
// as a whole and replaced as a whole when the signatures are reloaded. Flows
// keep the engine they started with; it lives as long as one of them, or a
// host summary that counts them, does.
struct DetectionEngine {
  // Throws SignatureError (file:line) as SignatureSet::load does.
  DetectionEngine(const std::string& path, const ValidatorConfig& validators, const std::string& cache_dir,
                  const std::string& destinations_path = {})
      : signatures(SignatureSet::load(path, validators)), patterns(signatures, cache_dir),
        destinations(DestinationKinds::load(destinations_path)) {}
  DetectionEngine(const DetectionEngine&) = delete;
  DetectionEngine& operator=(const DetectionEngine&) = delete;

  SignatureSet signatures;
  PatternDatabase patterns;  // refers to `signatures`: the engine never moves
  DestinationKinds destinations;
};

using Engine = std::shared_ptr<const DetectionEngine>;

}  // namespace dlp
