#include "alert/alert_output.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <iterator>

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

// A folder name for an output's spool: the spec with what a path must not
// hold replaced.
std::string spool_folder(std::string_view spec) {
  std::string name(spec);
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') c = '_';
  return name;
}

const std::pair<std::string_view, CollectorProtocol> kSchemes[] = {
    {"udp://", CollectorProtocol::udp},
    {"tcp://", CollectorProtocol::tcp},
    {"tls://", CollectorProtocol::tls},
    {"relp://", CollectorProtocol::relp},
};

}  // namespace

std::unique_ptr<AlertOutput> make_alert_output(const std::string& spec, const DeliveryConfig& config,
                                               std::string& error) {
  std::string_view rest = spec;
  CollectorAddress address;
  auto scheme =
      std::find_if(std::begin(kSchemes), std::end(kSchemes), [&](auto& s) { return rest.starts_with(s.first); });
  if (scheme == std::end(kSchemes)) {
    auto file = std::make_unique<FileOutput>(spec);
    if (!file->ok()) {
      error = file->error();
      return nullptr;
    }
    return file;
  }
  address.protocol = scheme->second;
  rest.remove_prefix(scheme->first.size());
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    if (address.protocol != CollectorProtocol::tcp || rest.substr(q + 1) != "framing=lf") {
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
  if (address.protocol == CollectorProtocol::tls && !(context = make_tls_context(config, error))) return nullptr;
  std::unique_ptr<Spool> spool;
  if (!config.spool_dir.empty()) {
    spool = std::make_unique<Spool>(config.spool_dir + "/" + spool_folder(spec), config.spool_max_bytes);
    std::string warning;
    if (!spool->open(error, warning)) return nullptr;
    if (!warning.empty()) std::cerr << "dlp-sensor: warning: " << warning << '\n';
  }
  return std::make_unique<NetworkOutput>(spec, address, config, std::move(context), std::move(spool));
}

OptionTable<DeliveryConfig> delivery_options() {
  using C = DeliveryConfig;
  return {
      option::text("tls-ca", "FILE", &C::tls_ca_file,
                   "CA certificates that sign tls:// collectors' certificates (default: the system's)"),
      option::text("tls-cert", "FILE", &C::tls_cert_file, "client certificate for tls:// collectors"),
      option::text("tls-key", "FILE", &C::tls_key_file, "its private key (default: in --tls-cert)"),
      option::flag("tls-no-verify-hostname", &C::tls_verify_hostname, false,
                   "accept a collector certificate that does not name the host (still signed by the CA)"),
      option::integer("alert-queue", "N", &C::queue_messages, 1, 100'000'000, 1,
                      "alerts a network output may hold while its collector is slow or away; past it they are "
                      "dropped and counted"),
      option::text("spool-dir", "DIR", &C::spool_dir,
                   "keep what a network output cannot deliver now on disk, in DIR, and send it in order when the "
                   "collector is back (also after a restart); without it, alerts left at exit are dropped"),
      option::integer("spool-max", "MIB", &C::spool_max_bytes, 1, 1 << 24, 1 << 20,
                      "disk space per network output in --spool-dir; past it new alerts are dropped and counted"),
  };
}

}  // namespace dlp
