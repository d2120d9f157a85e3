#include "common/uri_shape.hpp"

namespace dlp {

namespace {

bool alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

UriShape uri_shape(std::string_view uri) {
  if (const auto scheme = uri.find("://"); scheme != std::string_view::npos && scheme < 8) {
    const auto path = uri.find('/', scheme + 3);
    uri = path == std::string_view::npos ? std::string_view("/") : uri.substr(path);
  }
  uri = uri.substr(0, uri.find('#'));
  UriShape shape;
  for (std::size_t i = 0; i < uri.size() && shape.path_template.size() < UriShape::kMaxTemplate;) {
    std::size_t end = i;
    while (end < uri.size() && uri[end] >= '0' && uri[end] <= '9') ++end;
    const bool alone = end > i && (i == 0 || !alnum(uri[i - 1])) && (end == uri.size() || !alnum(uri[end]));
    if (!alone) {
      shape.path_template.append(uri.substr(i, std::max(end, i + 1) - i));
      i = std::max(end, i + 1);
      continue;
    }
    shape.path_template += "{n}";
    if (end - i <= 18 && shape.numbers.size() < UriShape::kMaxNumbers)
      shape.numbers.push_back(std::stoull(std::string(uri.substr(i, end - i))));
    i = end;
  }
  if (shape.path_template.size() > UriShape::kMaxTemplate) shape.path_template.resize(UriShape::kMaxTemplate);
  return shape;
}

}  // namespace dlp
