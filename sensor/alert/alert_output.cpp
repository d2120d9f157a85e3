#include "alert/alert_output.hpp"

#include "alert/file_output.hpp"
#include "alert/network_output.hpp"

namespace dlp {

namespace {

// "HOST:PORT" or "[V6HOST]:PORT".
bool split_host_port(std::string_view text, CollectorAddress& out) {
  std::size_t colon;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') return false;
    out.host = text.substr(1, close - 1);
    colon = close + 1;
  } else {
    colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    out.host = text.substr(0, colon);
  }
  out.port = text.substr(colon + 1);
  return !out.port.empty() && out.port.size() <= 5 && out.port.find_first_not_of("0123456789") == std::string::npos &&
         std::stoul(out.port) > 0 && std::stoul(out.port) < 65536;
}

}  // namespace

std::unique_ptr<AlertOutput> make_alert_output(const std::string& spec, const DeliveryConfig& config,
                                               std::string& error) {
  std::string_view rest = spec;
  CollectorAddress address;
  bool tls = rest.starts_with("tls://");
  if (rest.starts_with("udp://") || rest.starts_with("tcp://") || tls) {
    address.tcp = !rest.starts_with("udp://");
    rest.remove_prefix(6);
    if (auto q = rest.find('?'); q != std::string_view::npos) {
      if (!address.tcp || tls || rest.substr(q + 1) != "framing=lf") {
        error = "'" + spec + "': the only option is ?framing=lf, for tcp://";
        return nullptr;
      }
      address.lf_framing = true;
      rest = rest.substr(0, q);
    }
    if (!split_host_port(rest, address)) {
      error = "'" + spec + "' is not PROTO://HOST:PORT";
      return nullptr;
    }
    TlsContext context;
    if (tls && !(context = make_tls_context(config, error))) return nullptr;
    return std::make_unique<NetworkOutput>(spec, address, config, std::move(context));
  }
  auto file = std::make_unique<FileOutput>(spec);
  if (!file->ok()) {
    error = file->error();
    return nullptr;
  }
  return file;
}

}  // namespace dlp
