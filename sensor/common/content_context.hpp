#pragma once
#include <string>

namespace dlp {

// Where a piece of decoded content came from, as an alert names it: the
// HTTP request that carried it and the file it was (an upload's part, a
// mail attachment, an FTP transfer, an entry of a zip inside one of these).
struct ContentContext {
  std::string http_method, http_host, http_uri;
  std::string filename;
};

}  // namespace dlp
