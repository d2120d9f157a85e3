#pragma once
#include <span>
#include <string_view>

#include "app/analyzer.hpp"

namespace dlp {

// How one protocol's analyzer is found and made. A protocol is recognised
// at the connection's start (its port, an announcement by another
// connection) or from the client's first bytes, never from later ones: an
// analyzer that must look further (HTTP) starts at once and claims the
// connection when it is sure.
struct AnalyzerEntry {
  const char* name;                                  // the alerts' app
  bool (*at_start)(const AnalyzerEnv& env);          // nullptr: never
  bool (*from_client_bytes)(std::string_view head);  // nullptr: never
  std::unique_ptr<Analyzer> (*create)(const AnalyzerEnv& env);
};

// Every analyzer, in the order they are fed: one that has claimed a
// connection hides those after it.
std::span<const AnalyzerEntry> analyzer_table();

}  // namespace dlp
