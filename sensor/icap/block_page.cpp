#include "icap/block_page.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dlp {

namespace {

constexpr const char* kBuiltIn = R"(<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>上传已被阻止 / Upload blocked</title>
<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3em .8em;text-align:left}</style></head>
<body><h1>上传已被阻止 / Upload blocked</h1>
<p>此请求含有公民个人信息，按单位数据安全制度已被拦截。如属工作需要，请凭下列编号联系信息安全部门。</p>
<p>This request carries personal information and was stopped by the organisation's data protection policy.
If it is part of your work, contact the security team with the reference below.</p>
<p>编号 / Reference: <b>{{alert_id}}</b> (severity {{severity}})</p>
<table><tr><th>类别 / Category</th><th>不同值 / Distinct values</th><th>记录 / Records</th></tr>
{{findings}}</table></body></html>
)";

std::string html_escaped(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

void replace_all(std::string& s, std::string_view key, const std::string& value) {
  for (auto at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size()))
    s.replace(at, key.size(), value);
}

}  // namespace

BlockPage::BlockPage() : template_(kBuiltIn) {}

BlockPage::BlockPage(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!in || !(text << in.rdbuf())) throw std::runtime_error(path + ": cannot read the block page template");
  template_ = text.str();
}

std::pair<std::string, std::string> BlockPage::render(const std::string& alert_id,
                                                      const std::vector<Alert>& alerts) const {
  std::string rows;
  Severity top = Severity::info;
  for (const Alert& a : alerts) {
    if (a.event != "dlp.flow") continue;  // summaries repeat what the flow alerts count
    top = std::max(top, a.severity);
    rows +=
        fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", html_escaped(a.category), a.distinct, a.records);
  }
  std::string body = template_;
  replace_all(body, "{{alert_id}}", html_escaped(alert_id));
  replace_all(body, "{{severity}}", severity_name(top));
  replace_all(body, "{{findings}}", rows);
  std::string head = fmt::format(
      "HTTP/1.1 403 Forbidden\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n"
      "Cache-Control: no-store\r\nConnection: close\r\n\r\n",
      body.size());
  return {std::move(head), std::move(body)};
}

}  // namespace dlp
