#include "icap/icap_inspection.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include "common/ascii.hpp"
#include "detect/scan/quote_masking.hpp"
#include "session/direction_sink.hpp"

namespace dlp {

namespace {

// Squid sends the user name base64-encoded (icap_client_username_encode on)
// or as it is; what is not clean base64 of printable text stays as sent.
std::string decode_user(std::string_view value) {
  if (value.empty() || value.size() % 4 != 0 || value.size() > 1024) return std::string(value);
  std::string out(value.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(value.data()), static_cast<int>(value.size()));
  if (n < 0) return std::string(value);
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '\0') out.pop_back();  // the padding's bytes
  for (unsigned char c : out)
    if (c < 0x20 || c == 0x7f) return std::string(value);
  return out;
}

// The HTTP head as a connection would carry it before a chunked body: the
// proxy's own framing fields (the body comes to ICAP chunked, decoded of
// nothing) give way to "Transfer-Encoding: chunked", or to none without a body.
std::string reframed(std::string_view head, bool chunked) {
  std::string out;
  while (!head.empty()) {
    const auto lf = head.find('\n');
    const std::string_view line = head.substr(0, lf == std::string_view::npos ? head.size() : lf + 1);
    head.remove_prefix(line.size());
    if (line == "\r\n" || line == "\n") break;
    if (istarts_with(line, "content-length:") || istarts_with(line, "transfer-encoding:")) continue;
    out += line;
  }
  if (chunked) out += "Transfer-Encoding: chunked\r\n";
  return out + "\r\n";
}

// The proxy names the origin, not its address: the alerts name it by
// http_host, with the port its scheme implies.
Flow flow_of(const IcapClient& client, const IcapRequest& r, Timestamp now) {
  Flow f;
  f.client = client.address;
  const bool tls = r.request_head.find(" https://") != std::string::npos || r.request_head.rfind("CONNECT ", 0) == 0;
  f.server = {IpAddress{}, static_cast<std::uint16_t>(tls ? 443 : 80)};
  f.first_seen = f.last_seen = now;
  return f;
}

}  // namespace

IcapClient icap_client_of(const IcapRequest& request, const IpAddress& proxy) {
  IcapClient c;
  c.address.ip = proxy;
  if (const auto ip = request.field("X-Client-IP"); !ip.empty()) {
    if (auto parsed = IpAddress::parse(ip)) c.address.ip = *parsed;
  }
  // X-Authenticated-User as most proxies name it; X-Client-Username is Squid's default.
  std::string_view user = request.field("X-Authenticated-User");
  if (user.empty()) user = request.field("X-Client-Username");
  c.user = decode_user(user);
  return c;
}

IcapInspection::IcapInspection(SessionContext& ctx, std::shared_ptr<Generation> gen, const IcapRequest& request,
                               const IcapClient& client, const MessageLog& log, Timestamp now)
    : flow_(flow_of(client, request, now)), session_(ctx, std::move(gen), flow_, handshake_), log_(log),
      body_dir_(request.method == IcapMethod::respmod ? 1 : 0), user_(client.user), has_body_(request.has_body) {
  const bool request_body = body_dir_ == 0 && has_body_;
  deliver(0, reframed(request.request_head.empty() ? "GET / HTTP/1.1\r\n\r\n" : request.request_head, request_body));
  if (body_dir_ == 1) deliver(1, reframed(request.response_head, has_body_));
}

void IcapInspection::deliver(int dir, std::string_view bytes) {
  DirectionSink sink(session_, dir, log_);
  sink.on_data(as_bytes(bytes));
}

void IcapInspection::body(ByteSpan data) {
  if (data.empty()) return;
  body_bytes_ += data.size();
  deliver(body_dir_, fmt::format("{:x}\r\n", data.size()));
  DirectionSink(session_, body_dir_, log_).on_data(data);
  deliver(body_dir_, "\r\n");
}

FlowSummary IcapInspection::summary() const {
  FlowSummary s;
  s.now = flow_.last_seen;
  s.sender = flow_.sender(body_dir_);
  s.receiver = flow_.receiver(body_dir_);
  s.direction = body_dir_ == 0 ? Direction::outbound : Direction::inbound;
  s.proto = "tcp";
  s.app = "icap";
  s.start = flow_.first_seen;
  s.end = flow_.last_seen;
  s.bytes = body_bytes_;
  s.truncated = session_.truncated[body_dir_];
  s.destination = session_.app.context(0).http_host;
  s.destination_kind = session_.generation->engine->destinations.kind_of(s.destination);
  s.user = user_;
  return s;
}

void IcapInspection::finish(Reporter& reporter, std::vector<Alert>& out) {
  if (has_body_) deliver(body_dir_, "0\r\n\r\n");
  flow_.last_seen = Timestamp::now();
  for (int dir = 0; dir < 2; ++dir) {
    DirectionSink(session_, dir, log_).close();
    session_.findings[dir].close_record();
  }
  const std::size_t first = out.size();
  reporter.flow_ended(summary(), session_.findings[body_dir_], session_.generation->engine, out);
  for (std::size_t i = first; i < out.size(); ++i) mask_quoted(session_.generation->scanner, out[i].content);
}

}  // namespace dlp
