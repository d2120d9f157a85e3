#pragma once
#include <memory>

#include "detect/scan/scanner.hpp"
#include "detect/signatures/detection_engine.hpp"

namespace dlp {

// A detection engine with the scanner that scans with it (its scratch). A
// worker starts new flows with its newest generation; a flow keeps the one
// it started with until it ends.
struct Generation {
  Generation(Engine e, const ScanConfig& config)
      : engine(std::move(e)), scanner(engine->patterns, engine->signatures, config) {}
  Engine engine;
  Scanner scanner;
};

}  // namespace dlp
