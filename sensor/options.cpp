#include "options.hpp"

#include <fmt/format.h>
#include <hs/hs.h>
#include <pcap/pcap.h>
#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "flow/network_roles.hpp"

namespace dlp {

namespace po = boost::program_options;

namespace {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads "key = value" lines one at a time, so a bad line is reported with
// its file and line number. Values from the command line take precedence.
void store_config_file(const std::string& path, const po::options_description& desc, po::variables_map& vm,
                       std::map<std::string, std::string>& origin) {
  std::ifstream in(path);
  if (!in) throw UsageError(fmt::format("{}: cannot read config file", path));
  std::string raw;
  std::vector<std::string> args;
  for (int line_no = 1; std::getline(in, raw); ++line_no) {
    auto first = raw.find_first_not_of(" \t\r");
    if (first == std::string::npos || raw[first] == '#' || raw[first] == ';') continue;
    auto eq = raw.find('=');
    std::string where = fmt::format("{}:{}", path, line_no);
    if (eq == std::string::npos) throw UsageError(fmt::format("{}: expected 'option = value'", where));
    auto strip = [](std::string s) {
      s.erase(0, s.find_first_not_of(" \t"));
      s.erase(s.find_last_not_of(" \t\r") + 1);
      return s;
    };
    std::string key = strip(raw.substr(0, eq)), value = strip(raw.substr(eq + 1));
    const po::option_description* option = key == "config" ? nullptr : desc.find_nothrow(key, false);
    if (!option) throw UsageError(fmt::format("{}: unknown option '{}'", where, key));
    if (option->semantic()->max_tokens() == 0) {
      // A switch ("all-directions = true"): on, or left as it is.
      if (value != "true" && value != "false")
        throw UsageError(fmt::format("{}: '{}' is a switch: expected true or false", where, key));
      if (value == "false") continue;
      args.push_back("--" + key);
    } else {
      args.push_back("--" + key + "=" + value);
    }
    try {  // each line alone first, so that an error names its line
      po::variables_map scratch;
      po::store(po::command_line_parser(std::vector<std::string>{args.back()}).options(desc).run(), scratch);
      po::notify(scratch);
    } catch (const po::error& e) {
      throw UsageError(fmt::format("{}: {}", where, e.what()));
    }
    origin.emplace(key, where);
  }
  // Then all together, so that repeated options (read, alert-output) add up.
  po::store(po::command_line_parser(args).options(desc).run(), vm);
}

std::string version_text() {
  return fmt::format("dlp-sensor {} (Hyperscan {}, {})", DLP_VERSION, hs_version(), pcap_lib_version());
}

// A comma-separated CIDR list, checked as it is read.
Option<SensorConfig> address_blocks(const char* name, std::string SensorConfig::*field, const char* help) {
  return {name,
          OptionKind::text,
          "CIDRS",
          help,
          [=](SensorConfig& c, const OptionValue& v) {
            AddressBlocks check;
            std::string why;
            if (!check.parse(std::get<std::string>(v), why))
              throw OptionError(fmt::format("invalid value for --{}: {}", name, why));
            c.*field = std::get<std::string>(v);
          },
          {}};
}

}  // namespace

std::string SensorConfig::destination_list() const {
  if (destinations == "none") return {};
  if (!destinations.empty()) return destinations;
  // Beside the signatures: the shipped list, or the one an installation keeps with its set.
  std::error_code error;
  const std::filesystem::path set(signatures);
  const auto folder = std::filesystem::is_directory(set, error) ? set : set.parent_path();
  const auto list = folder / "destinations.list";
  return std::filesystem::exists(list, error) ? list.string() : std::string();
}

// The wiring's own options, around the stages' tables.
OptionTable<SensorConfig> sensor_options() {
  using C = SensorConfig;
  using option::nest;
  OptionTable<C> t;
  auto add = [&t](OptionTable<C> more) { option::append(t, std::move(more)); };
  add(nest(&C::capture, capture_options()));
  add({address_blocks("home-net", &C::home_net,
                      "comma-separated address blocks that are inside (default: RFC 1918, 100.64.0.0/10, "
                      "127.0.0.0/8, 169.254.0.0/16, fc00::/7, fe80::/10, ::1)"),
       address_blocks("server-net", &C::server_net,
                      "comma-separated address blocks of internal systems holding personal data (CRM, HIS, "
                      "billing, databases); inside too. Their data to another inside host is a retrieval "
                      "(dlp.bulk_access), summed per workstation")});
  add({option::text("signatures", "PATH", &C::signatures, "a signature file, or a directory of *.sig files", true),
       option::text("destinations", "FILE", &C::destinations,
                    "the list of destination kinds by domain suffix (cloud_storage, im, personal_mail, ai_service, "
                    "...) that alerts name (default: destinations.list in the signatures' folder, if there is one; "
                    "none for no list)"),
       option::text("signature-cache", "DIR", &C::signature_cache,
                    "keep compiled signature databases in DIR and load them instead of compiling the same set again"),
       option::choice("alert-format", "FORMAT", &C::alert_format, parse_alert_format, alert_format_name,
                      "json, rfc5424, rfc3164 or cef", "json, rfc5424, rfc3164 or cef"),
       option::texts("alert-output", "DEST", &C::alert_outputs,
                     "- (standard output, the default), a file to append to, udp://HOST:PORT, tcp://HOST:PORT (RFC "
                     "6587 octet counting; add ?framing=lf for newlines), tls://HOST:PORT (RFC 5425) or "
                     "relp://HOST:PORT (acknowledged); repeat to feed several")});
  add(nest(&C::delivery, delivery_options()));
  add({option::integer("syslog-facility", "N", &C::syslog_facility, 0, 23, 1,
                       "syslog facility number of the alerts (20 = local4)"),
       option::integer("syslog-pen", "N", &C::syslog_pen, 1, 4294967295LL, 1,
                       "private enterprise number in the RFC 5424 structured-data ID dlp@N")});
  add(nest(&C::findings, findings_options()));
  add({option::text("hmac-key-file", "FILE", &C::hmac_key_file, "the key for --sample-mode hmac")});
  add(nest(&C::report, report_options()));
  add(nest(&C::scan, scan_options()));
  add(nest(&C::app, app_options()));
  add(nest(&C::icap, icap_options()));
  add(nest(&C::metrics, metrics_options()));
  add({option::integer("workers", "N", &C::workers, 0, 256, 1,
                       "worker threads, each owning the flows of its share of the internal hosts (0: one per core)"),
       option::integer("stats-interval", "SECONDS", &C::stats_interval, 0, 86400, 1,
                       "also print the stats line every SECONDS (0: only at exit)"),
       option::integer("memcap", "MIB", &C::memcap, 0, 1 << 20, 1 << 20,
                       "the sensor's whole memory budget, shared out when set: 60% flows (with their decoders), 30% "
                       "out-of-order TCP data, 5% IP fragments, 5% alert queues (1 KiB an alert); the options of "
                       "each pool, when given, win")});
  add(nest(&C::flow, flow_options()));
  add(nest(&C::reassembly, reassembly_options()));
  add(nest(&C::decode, nest(&DecodeConfig::defrag, defrag_options())));
  add({option::flag("progress", &C::progress, true,
                    "draw a progress line on standard error (read, rate, time left, alerts so far) even when it is "
                    "not a terminal"),
       option::flag("no-progress", &C::no_progress, true,
                    "no progress line, even when standard error is a terminal that the alerts do not go to"),
       option::flag("replay-summary", &C::replay_summary, true,
                    "end a replay with a dlp.replay_summary alert: each file read (size, SHA-256, link type, packets "
                    "and their times), the version, the signature set's digest, the options the results depend on, "
                    "the alerts' totals by category and severity"),
       option::text("pidfile", "FILE", &C::pidfile, "write the process id to FILE while running"),
       option::text("user", "NAME", &C::user,
                    "run as this user once the capture and the outputs are open (needs root to start)"),
       option::text("group", "NAME", &C::group, "run as this group (default: the user's)"),
       option::text("dump-streams", "DIR", &C::dump_streams,
                    "write each reassembled TCP stream direction to DIR (for testing; one worker)"),
       option::text("http-log", "FILE", &C::http_log,
                    "write one JSON line per HTTP message with a body: its request, status and decoded body length"),
       option::text("tls-log", "FILE", &C::tls_log,
                    "write one JSON line per TLS connection as it ends: versions, suite, SNI, ALPN, JA3, JA4, the "
                    "server certificate's names, bytes each way")});
  return t;
}

namespace {

// The table as Boost.Program_options reads it; a default is shown as the
// config struct has it.
po::options_description describe(const OptionTable<SensorConfig>& table) {
  const SensorConfig defaults;
  po::options_description desc("Sensor");
  for (const auto& o : table) {
    const std::string shown = o.shown_default ? o.shown_default(defaults) : "";
    using Kind = OptionKind;
    po::value_semantic* semantic = nullptr;
    if (o.kind == Kind::flag) {
      semantic = po::bool_switch();
    } else if (o.kind == Kind::integer) {
      auto* v = po::value<long long>()->value_name(o.arg);
      semantic = shown.empty() ? v : v->default_value(std::stoll(shown));
    } else if (o.kind == Kind::text) {
      auto* v = po::value<std::string>()->value_name(o.arg);
      semantic = shown.empty() ? v : v->default_value(shown);
    } else {
      semantic = po::value<std::vector<std::string>>()->value_name(o.arg);
    }
    const std::string names = o.short_name ? fmt::format("{},{}", o.name, o.short_name) : o.name;
    desc.add_options()(names.c_str(), semantic, o.help);
  }
  return desc;
}

bool given(const po::variables_map& vm, const std::string& name) {
  if (!vm.count(name) || vm[name].defaulted()) return false;
  const auto* on = boost::any_cast<bool>(&vm[name].value());
  return !on || *on;  // a switch left off was not given
}

// Each option given, read into `c` by its table entry; a refused value is
// reported with the config file line it came from.
void apply(const OptionTable<SensorConfig>& table, const po::variables_map& vm,
           const std::map<std::string, std::string>& origin, SensorConfig& c) {
  for (const auto& o : table) {
    if (!given(vm, o.name)) continue;
    const boost::any& v = vm[o.name].value();
    OptionValue value = true;
    if (const auto* n = boost::any_cast<long long>(&v))
      value = *n;
    else if (const auto* text = boost::any_cast<std::string>(&v))
      value = *text;
    else if (const auto* texts = boost::any_cast<std::vector<std::string>>(&v))
      value = *texts;
    try {
      o.set(c, value);
    } catch (const OptionError& e) {
      auto it = origin.find(o.name);
      throw UsageError(it == origin.end() ? e.what() : it->second + ": " + e.what());
    }
  }
}

// A budget shares itself out over the pools whose own option is not given.
void share_memcap(const po::variables_map& vm, SensorConfig& c) {
  const std::size_t budget = c.memcap;
  if (budget == 0) return;
  if (!given(vm, "flow-memcap")) c.flow.memcap = budget / 100 * 60;
  if (!given(vm, "reassembly-memcap")) c.reassembly.memcap = budget / 100 * 30;
  if (!given(vm, "defrag-memcap")) c.decode.defrag.memcap = budget / 100 * 5;
  if (!given(vm, "alert-queue")) c.delivery.queue_messages = std::max<std::size_t>(1, budget / 100 * 5 / 1024);
}

void read_hmac_key(SensorConfig& c) {
  if (c.findings.sample_mode == SampleMode::clear)
    std::cerr << "dlp-sensor: warning: --sample-mode clear puts personal data in clear into every alert\n";
  if (c.findings.sample_mode != SampleMode::hmac) return;
  if (c.hmac_key_file.empty()) throw UsageError("--sample-mode hmac needs --hmac-key-file");
  std::ifstream key_in(c.hmac_key_file, std::ios::binary);
  std::string& key = c.findings.hmac_key;
  std::getline(key_in, key, '\0');
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  if (!key_in.is_open() || key.empty())
    throw UsageError(fmt::format("{}: cannot read an HMAC key (an empty file is not one)", c.hmac_key_file));
}

void print_help(const po::options_description& all) {
  std::cout << "Usage: dlp-sensor --read FILE... | --interface IFACE | --icap-listen ADDR:PORT [options]\n"
               "       dlp-sensor --check-signatures | --list-signatures [--signatures PATH]\n\n"
               "Rebuilds TCP streams, finds Chinese personal data (resident IDs, phone numbers,\n"
               "bank cards, travel documents, names, addresses ...) and reports what each outbound\n"
               "flow, and each internal host, carried.\n"
               "Exit codes: 0 done, 1 runtime failure (unreadable capture), 2 bad usage or signatures.\n"
            << all << '\n';
}

// Reads the command line (and --config) into a config; throws on a usage error.
std::optional<SensorConfig> read_options(int argc, const char* const argv[]) {
  po::options_description general("General");
  general.add_options()("help,h", "show this help and exit")("version", "show the version and exit")(
      "config", po::value<std::string>()->value_name("FILE"),
      "read options from FILE (lines 'option = value', '#' comments); the command line wins")(
      "check-signatures",
      "compile the signatures (--signatures) and read the destination list (--destinations), report the first error as "
      "FILE:LINE, exit 0 if they are sound, 2 if "
      "not")("list-signatures", "list the signatures (--signatures) and exit");
  const OptionTable<SensorConfig> table = sensor_options();
  const po::options_description opts = describe(table);
  po::options_description all;
  all.add(general).add(opts);
  po::variables_map vm;
  std::map<std::string, std::string> origin;
  po::store(po::command_line_parser(argc, argv).options(all).run(), vm);
  if (vm.count("help")) {
    print_help(all);
    return std::nullopt;
  }
  if (vm.count("version")) {
    std::cout << version_text() << '\n';
    return std::nullopt;
  }
  if (vm.count("config")) store_config_file(vm["config"].as<std::string>(), opts, vm, origin);
  po::notify(vm);
  SensorConfig c;
  if (vm.count("check-signatures")) c.mode = SensorConfig::Mode::check_signatures;
  if (vm.count("list-signatures")) c.mode = SensorConfig::Mode::list_signatures;
  apply(table, vm, origin, c);
  const bool capture = !c.capture.read_files.empty() || !c.capture.interface.empty();
  if (c.mode == SensorConfig::Mode::run && (c.capture.read_files.empty() == c.capture.interface.empty()) &&
      (capture || c.icap.listen.empty()))
    throw UsageError("give either --read FILE or --interface IFACE (or --icap-listen ADDR:PORT alone)");
  for (const auto& spec : c.icap.listen)
    if (spec.rfind("icaps://", 0) == 0 && (c.icap.tls_cert.empty() || c.icap.tls_key.empty()))
      throw UsageError(fmt::format("--icap-listen {} needs --icap-tls-cert and --icap-tls-key", spec));
  share_memcap(vm, c);
  read_hmac_key(c);
  return c;
}

}  // namespace

ParsedOptions parse_options(int argc, const char* const argv[]) {
  ParsedOptions result;
  try {
    result.config = read_options(argc, argv);
  } catch (const po::error& e) {
    std::cerr << "dlp-sensor: " << e.what() << '\n';
    result.exit_code = 2;
  } catch (const UsageError& e) {
    std::cerr << "dlp-sensor: " << e.what() << '\n';
    result.exit_code = 2;
  }
  return result;
}

}  // namespace dlp
