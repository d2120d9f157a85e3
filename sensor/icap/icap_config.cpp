#include "icap/icap_config.hpp"

namespace dlp {

bool parse_icap_mode(std::string_view word, IcapMode& out) {
  if (word == "monitor")
    out = IcapMode::monitor;
  else if (word == "block")
    out = IcapMode::block;
  else
    return false;
  return true;
}

const char* icap_mode_name(IcapMode m) { return m == IcapMode::block ? "block" : "monitor"; }

bool parse_icap_failure(std::string_view word, IcapFailure& out) {
  if (word == "open")
    out = IcapFailure::open;
  else if (word == "closed")
    out = IcapFailure::closed;
  else
    return false;
  return true;
}

const char* icap_failure_name(IcapFailure f) { return f == IcapFailure::closed ? "closed" : "open"; }

OptionTable<IcapConfig> icap_options() {
  using C = IcapConfig;
  constexpr long long kSecond = 1'000'000;
  return {
      option::texts("icap-listen", "ADDR:PORT", &C::listen,
                    "serve ICAP (RFC 3507) here, services icap://ADDR:PORT/reqmod and /respmod, for a proxy such as "
                    "Squid to send each request and response to; icaps://ADDR:PORT for ICAP over TLS (repeatable)"),
      option::text("icap-tls-cert", "FILE", &C::tls_cert, "the certificate chain (PEM) of icaps listeners"),
      option::text("icap-tls-key", "FILE", &C::tls_key, "the private key (PEM) of icaps listeners"),
      option::choice("icap-mode", "MODE", &C::mode, parse_icap_mode, icap_mode_name, "monitor or block",
                     "monitor: every message is allowed and alerts are sent; block: a message whose alerts reach "
                     "--block-severity is answered with the block page instead"),
      option::choice("block-severity", "LEVEL", &C::block_severity, parse_severity, severity_name,
                     "info, warning, critical or severe", "the alert severity at which --icap-mode block blocks"),
      option::choice("icap-fail", "POLICY", &C::failure, parse_icap_failure, icap_failure_name, "open or closed",
                     "what a message the sensor cannot decide gets (an inspection error, or more than it may hold in "
                     "block mode): allowed (open) or the block page (closed)"),
      option::text("icap-block-page", "FILE", &C::block_page,
                   "the HTML template of the block page ({{alert_id}}, {{severity}}, {{findings}}); default built in"),
      option::integer("icap-max-connections", "N", &C::max_connections, 1, 1'000'000, 1,
                      "ICAP connections open at once; more are closed as they come"),
      option::integer("icap-max-held", "MIB", &C::max_held_bytes, 1, 1 << 16, 1 << 20,
                      "of one message that must be returned unchanged (the client does not take 204), what is held "
                      "until the decision; more is passed on as it comes, or left to --icap-fail in block mode"),
      option::integer("icap-max-held-total", "MIB", &C::max_held_total_bytes, 1, 1 << 20, 1 << 20,
                      "what all messages may hold together, likewise"),
      option::integer("icap-request-timeout", "SECONDS", &C::request_timeout_usec, 1, 86400, kSecond,
                      "a request not complete after this long has its connection closed"),
      option::integer("icap-idle-timeout", "SECONDS", &C::idle_timeout_usec, 1, 86400, kSecond,
                      "a persistent connection idle this long between requests is closed"),
      option::integer("icap-preview", "BYTES", &C::preview_bytes, 0, 1 << 20, 1,
                      "the Preview the OPTIONS answer asks for: with it, a download whose response is media (image, "
                      "video, audio, font) is allowed without its body"),
  };
}

}  // namespace dlp
