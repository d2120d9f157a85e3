#pragma once
#include <string>
#include <vector>

#include "common/alert.hpp"

namespace dlp {

// The HTTP response that replaces a blocked message: an HTML page from a
// template that the organisation may edit, filled with what the alerts
// say of the message (the alert id, each category with its counts), never
// a value it carried. Placeholders: {{alert_id}}, {{severity}} and
// {{findings}} (table rows: category, distinct values, records).
class BlockPage {
 public:
  // The built-in template.
  BlockPage();
  // The template in `path`; throws std::runtime_error when it cannot be read.
  explicit BlockPage(const std::string& path);

  // The whole HTTP/1.1 403 response head (with its blank line) and body.
  std::pair<std::string, std::string> render(const std::string& alert_id, const std::vector<Alert>& alerts) const;

 private:
  std::string template_;
};

}  // namespace dlp
