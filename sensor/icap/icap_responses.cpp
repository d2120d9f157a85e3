#include "icap/icap_responses.hpp"

#include <fmt/format.h>

namespace dlp {

namespace {

const char* reason_of(int code) {
  switch (code) {
    case 100: return "Continue";
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 404: return "ICAP Service Not Found";
    case 405: return "Method Not Allowed For Service";
    case 501: return "Method Not Implemented";
    case 503: return "Service Overloaded";
    case 505: return "ICAP Version Not Supported";
    default: return "Server Error";
  }
}

std::string status_line(int code, std::string_view istag) {
  return fmt::format("ICAP/1.0 {} {}\r\nServer: dlp-sensor/{}\r\nISTag: \"{}\"\r\n", code, reason_of(code), DLP_VERSION,
                     istag);
}

}  // namespace

std::string icap_options_response(IcapMethod method, const IcapConfig& config, std::string_view istag) {
  std::string r = status_line(200, istag);
  r += fmt::format("Methods: {}\r\n", method == IcapMethod::respmod ? "RESPMOD" : "REQMOD");
  r += "Service: dlp-sensor personal data inspection\r\n";
  r += fmt::format("Max-Connections: {}\r\nOptions-TTL: {}\r\nAllow: 204\r\nPreview: {}\r\nTransfer-Preview: *\r\n",
                   config.max_connections, config.options_ttl, config.preview_bytes);
  // Downloads of media are not how records leave: the proxy need not send them (RFC 3507 4.10.2).
  if (method == IcapMethod::respmod) r += "Transfer-Ignore: jpg,jpeg,png,gif,webp,ico,svg,mp4,webm,mp3,woff,woff2\r\n";
  return r + "Encapsulated: null-body=0\r\n\r\n";
}

std::string icap_status(int code, std::string_view istag, bool close) {
  return status_line(code, istag) + (close ? "Connection: close\r\n" : "") + "Encapsulated: null-body=0\r\n\r\n";
}

std::string icap_continue() { return "ICAP/1.0 100 Continue\r\n\r\n"; }

std::string icap_unchanged_head(const IcapRequest& request, std::string_view istag) {
  const bool respmod = request.method == IcapMethod::respmod;
  std::string encapsulated;
  std::size_t offset = 0;
  if (!request.request_head.empty() && !respmod) {
    encapsulated = "req-hdr=0, ";
    offset = request.request_head.size();
  }
  if (respmod) {
    encapsulated = "res-hdr=0, ";
    offset = request.response_head.size();
  }
  encapsulated += fmt::format("{}={}", request.has_body ? (respmod ? "res-body" : "req-body") : "null-body", offset);
  return status_line(200, istag) + "Encapsulated: " + encapsulated + "\r\n\r\n" +
         (respmod ? request.response_head : request.request_head);
}

std::string icap_replacement(std::string_view http_head, std::string_view body, std::string_view istag) {
  return status_line(200, istag) + fmt::format("Encapsulated: res-hdr=0, res-body={}\r\n\r\n", http_head.size()) +
         std::string(http_head) + icap_chunk(as_bytes(body)) + icap_chunk({});
}

std::string icap_chunk(ByteSpan data) {
  if (data.empty()) return "0\r\n\r\n";
  return fmt::format("{:x}\r\n", data.size()) + std::string(as_chars(data)) + "\r\n";
}

}  // namespace dlp
