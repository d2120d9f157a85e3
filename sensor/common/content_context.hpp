#pragma once
#include <string>

namespace dlp {

// Where a piece of decoded content came from, as an alert names it: the
// HTTP request that carried it, the file it was (an upload's part, a mail
// attachment, an FTP transfer, an entry of a zip inside one of these), the
// database statement whose result set it is.
struct ContentContext {
  std::string http_method, http_host, http_uri;
  std::string filename;
  std::string db_query;  // personal data in its literals masked
};

}  // namespace dlp
