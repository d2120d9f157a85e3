#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dlp {

// A request target as a template and the numbers it was made from:
// "/api/user/10023/profile?page=2" is "/api/user/{n}/profile?page={n}" with
// 10023 and 2. A number is a run of digits standing alone between
// separators (v1 and md5 stay as they are). The scheme and host of an
// absolute target and the fragment are left out; the template is cut at
// kMaxTemplate bytes, and numbers past kMaxNumbers (or of more than 18
// digits) are templated but not kept.
struct UriShape {
  static constexpr std::size_t kMaxTemplate = 120;
  static constexpr std::size_t kMaxNumbers = 3;
  std::string path_template;
  std::vector<std::uint64_t> numbers;
};

UriShape uri_shape(std::string_view uri);

}  // namespace dlp
