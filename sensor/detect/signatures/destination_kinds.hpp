#pragma once
#include <string>
#include <string_view>
#include <unordered_map>

namespace dlp {

// Where data goes, by kind of service: domain suffixes with their kind
// (cloud_storage, im, personal_mail, ai_service, file_transfer, paste...),
// read from a list beside the signatures (format in signatures/README.md).
// A name is of the kind of its longest listed suffix: "c.pcs.baidu.com"
// is of pcs.baidu.com's.
class DestinationKinds {
 public:
  DestinationKinds() = default;
  // An empty path: no list. Throws SignatureError ("FILE:LINE: reason").
  static DestinationKinds load(const std::string& path);
  static DestinationKinds parse(const std::string& text, const std::string& file_name);

  // The kind of a host name (any case, a trailing dot or port ignored), or "".
  std::string_view kind_of(std::string_view name) const;
  std::size_t size() const { return kinds_.size(); }

 private:
  std::unordered_map<std::string, std::string> kinds_;  // by suffix, lower case
};

}  // namespace dlp
