#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/http/header_block.hpp"

namespace dlp {

enum class IcapMethod { options, reqmod, respmod };

// One ICAP request's head (RFC 3507 section 4.3): its request line and
// header fields, and the HTTP message heads it encapsulates, byte for byte
// as the client sent them (they are returned unchanged when the message is).
struct IcapRequest {
  IcapMethod method = IcapMethod::options;
  std::string uri;      // icap://host:port/service
  std::string service;  // the URI's path without its slash: "reqmod"
  std::vector<HeaderField> fields;
  std::string request_head;              // req-hdr, with its blank line; empty if absent
  std::string response_head;             // res-hdr
  bool has_body = false;                 // req-body or res-body (not null-body)
  std::optional<std::uint64_t> preview;  // bytes the client sends before it waits for 100 Continue
  bool allow_204 = false;                // the client takes a 204 outside a preview

  // The first field of that name (case-insensitive), or empty.
  std::string_view field(std::string_view name) const;
};

}  // namespace dlp
