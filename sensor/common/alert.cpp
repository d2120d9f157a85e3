#include "common/alert.hpp"

#include "common/enum_names.hpp"

namespace dlp {

namespace {
constexpr EnumName<Severity> kSeverities[] = {{Severity::info, "info"},
                                              {Severity::warning, "warning"},
                                              {Severity::critical, "critical"},
                                              {Severity::severe, "severe"}};
}  // namespace

const char* severity_name(Severity s) { return name_of(s, kSeverities); }

bool parse_severity(std::string_view text, Severity& out) { return parse_name(text, out, kSeverities); }

}  // namespace dlp
