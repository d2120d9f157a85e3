#include "common/alert.hpp"

namespace dlp {

namespace {
constexpr const char* kSeverityNames[] = {"info", "warning", "critical", "severe"};
}

const char* severity_name(Severity s) { return kSeverityNames[static_cast<int>(s)]; }

bool parse_severity(std::string_view text, Severity& out) {
  for (int i = 0; i < 4; ++i) {
    if (text == kSeverityNames[i]) {
      out = static_cast<Severity>(i);
      return true;
    }
  }
  return false;
}

}  // namespace dlp
