#pragma once
#include <string>
#include <string_view>

#include "common/byte_span.hpp"
#include "icap/icap_config.hpp"
#include "icap/icap_request.hpp"

namespace dlp {

// The ICAP responses the server sends (RFC 3507 section 4.3.3), each with
// the service's ISTag.

// The OPTIONS answer for the service that `method` names.
std::string icap_options_response(IcapMethod method, const IcapConfig& config, std::string_view istag);
// A response without a message: 204, or an error (400, 404...).
std::string icap_status(int code, std::string_view istag, bool close = false);
std::string icap_continue();
// 200 with the message as it came: its HTTP heads, then the body's chunks if it has one.
std::string icap_unchanged_head(const IcapRequest& request, std::string_view istag);
// 200 with an HTTP response instead of the message: `http_head` (with its blank line) and `body`.
std::string icap_replacement(std::string_view http_head, std::string_view body, std::string_view istag);
// One chunk of a body; empty data is the last chunk.
std::string icap_chunk(ByteSpan data);

}  // namespace dlp
