#include "options.hpp"

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <fstream>
#include <hs/hs.h>
#include <iostream>
#include <map>
#include <pcap/pcap.h>

#include "flow/home_network.hpp"

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

template <class T>
T in_range(const po::variables_map& vm, const std::map<std::string, std::string>& origin, const char* name,
           long long lo, long long hi) {
  long long v = vm[name].as<long long>();
  if (v < lo || v > hi) {
    auto it = origin.find(name);
    std::string where = it == origin.end() ? "" : it->second + ": ";
    throw UsageError(fmt::format("{}invalid value for --{}: {} (expected {} to {})", where, name, v, lo, hi));
  }
  return static_cast<T>(v);
}

std::string version_text() {
  return fmt::format("dlp-sensor {} (Hyperscan {}, {})", DLP_VERSION, hs_version(), pcap_lib_version());
}

}  // namespace

ParsedOptions parse_options(int argc, const char* const argv[]) {
  SensorConfig c;
  po::options_description general("General");
  general.add_options()
      ("help,h", "show this help and exit")
      ("version", "show the version and exit")
      ("config", po::value<std::string>()->value_name("FILE"),
       "read options from FILE (lines 'option = value', '#' comments); the command line wins")
      ("check-signatures", "compile the signatures (--signatures), report the first error as FILE:LINE, "
       "exit 0 if they are sound, 2 if not")
      ("list-signatures", "list the signatures (--signatures) and exit");
  po::options_description opts("Sensor");
  opts.add_options()
      ("read,r", po::value<std::vector<std::string>>()->value_name("FILE"),
       "replay a pcap or pcapng file; repeat for several, read in order as one capture")
      ("interface,i", po::value<std::string>()->value_name("IFACE"), "capture live on IFACE")
      ("bpf", po::value<std::string>()->value_name("EXPR"), "BPF filter for the capture")
      ("snaplen", po::value<long long>()->default_value(262144)->value_name("BYTES"),
       "live capture length per packet")
      ("capture-buffer", po::value<long long>()->default_value(0)->value_name("MIB"),
       "the kernel's capture buffer for a live capture (0: libpcap's default)")
      ("immediate", po::bool_switch(), "live capture: deliver each packet at once, not in batches")
      ("no-promiscuous", po::bool_switch(), "live capture: do not put the interface in promiscuous mode")
      ("no-fanout", po::bool_switch(),
       "several workers: one capture thread feeds them through rings, rather than one "
       "AF_PACKET fanout socket each (live) or each reading the files itself (--read)")
      ("home-net", po::value<std::string>()->value_name("CIDRS"),
       "comma-separated address blocks that are inside (default: RFC 1918, 100.64.0.0/10, "
       "127.0.0.0/8, 169.254.0.0/16, fc00::/7, fe80::/10, ::1)")
      ("signatures", po::value<std::string>()->default_value(DLP_DEFAULT_SIGNATURES)->value_name("PATH"),
       "a signature file, or a directory of *.sig files")
      ("signature-cache", po::value<std::string>()->value_name("DIR"),
       "keep compiled signature databases in DIR and load them instead of compiling the same set again")
      ("alert-format", po::value<std::string>()->default_value("rfc5424")->value_name("FORMAT"),
       "json, rfc5424, rfc3164 or cef")
      ("alert-output", po::value<std::vector<std::string>>()->value_name("DEST"),
       "- (standard output, the default), a file to append to, udp://HOST:PORT, "
       "tcp://HOST:PORT (RFC 6587 octet counting; add ?framing=lf for newlines), tls://HOST:PORT "
       "(RFC 5425) or relp://HOST:PORT (acknowledged); repeat to feed several")
      ("tls-ca", po::value<std::string>()->value_name("FILE"),
       "CA certificates that sign tls:// collectors' certificates (default: the system's)")
      ("tls-cert", po::value<std::string>()->value_name("FILE"), "client certificate for tls:// collectors")
      ("tls-key", po::value<std::string>()->value_name("FILE"), "its private key (default: in --tls-cert)")
      ("tls-no-verify-hostname", po::bool_switch(),
       "accept a collector certificate that does not name the host (still signed by the CA)")
      ("syslog-facility", po::value<long long>()->default_value(20)->value_name("N"),
       "syslog facility number of the alerts (20 = local4)")
      ("syslog-pen", po::value<long long>()->default_value(32473)->value_name("N"),
       "private enterprise number in the RFC 5424 structured-data ID dlp@N")
      ("sample-mode", po::value<std::string>()->default_value("masked")->value_name("MODE"),
       "what alerts show of the values found: masked (138****5678), hmac (HMAC-SHA256 with "
       "--hmac-key-file, cut to 64 bits: the same value gives the same sample), none, or clear "
       "(the values themselves: personal data leaves the sensor)")
      ("hmac-key-file", po::value<std::string>()->value_name("FILE"), "the key for --sample-mode hmac")
      ("alert-queue", po::value<long long>()->default_value(100000)->value_name("N"),
       "alerts a network output may hold while its collector is slow or away; past it they are "
       "dropped and counted")
      ("spool-dir", po::value<std::string>()->value_name("DIR"),
       "keep what a network output cannot deliver now on disk, in DIR, and send it in order when the "
       "collector is back (also after a restart); without it, alerts left at exit are dropped")
      ("spool-max", po::value<long long>()->default_value(1024)->value_name("MIB"),
       "disk space per network output in --spool-dir; past it new alerts are dropped and counted")
      ("insider", po::bool_switch(), "the sensor watches an organisation whose staff hold personal data "
       "in their job (telecom, hospital, insurer, property, courier): Art. 5 item 8 of the 2017 "
       "interpretation halves the thresholds, so alert scores double")
      ("host-window", po::value<long long>()->default_value(24)->value_name("HOURS"),
       "what each internal host sent is summed over this much capture time; a dlp.host_summary "
       "alert reports each severity level the sum reaches")
      ("keyword-proximity", po::value<long long>()->default_value(300)->value_name("CHARS"),
       "a keyword this close before a value makes it high confidence")
      ("threshold-alert-after", po::value<long long>()->default_value(30)->value_name("SECONDS"),
       "a flow open this long reports each severity level as it reaches it (dlp.flow_threshold), "
       "besides its totals at the end (dlp.flow); shorter flows report only at their end")
      ("all-directions", po::bool_switch(), "alert on inbound, internal and external data too, "
       "not only outbound")
      ("no-app-decoding", po::bool_switch(), "scan the raw stream bytes only: no HTTP, SMTP, FTP, "
       "MIME, archive or compression decoding (a baseline for benchmarks)")
      ("body-depth", po::value<long long>()->default_value(10)->value_name("MIB"),
       "bodies, mail and transfers decoded per connection direction; the rest is scanned raw only and "
       "the alert says truncated")
      ("decode-depth", po::value<long long>()->default_value(8)->value_name("LEVELS"),
       "multipart, message and archive nesting decoded")
      ("workers", po::value<long long>()->default_value(0)->value_name("N"),
       "worker threads, each owning the flows of its share of the internal hosts (0: one per core)")
      ("stats-interval", po::value<long long>()->default_value(0)->value_name("SECONDS"),
       "also print the stats line every SECONDS (0: only at exit)")
      ("memcap", po::value<long long>()->default_value(0)->value_name("MIB"),
       "the sensor's whole memory budget, shared out when set: 60% flows (with their decoders), 30% "
       "out-of-order TCP data, 5% IP fragments, 5% alert queues (1 KiB an alert); the options of "
       "each pool, when given, win")
      ("flow-memcap", po::value<long long>()->default_value(512)->value_name("MIB"),
       "memory for all flows with their reassembly and scan state; past it the longest-idle flows "
       "end early (evicted) and report")
      ("reassembly-memcap", po::value<long long>()->default_value(256)->value_name("MIB"),
       "out-of-order TCP data held by all streams")
      ("stream-max-held", po::value<long long>()->default_value(1024)->value_name("KIB"),
       "out-of-order TCP data one stream direction may hold before it skips a hole")
      ("defrag-memcap", po::value<long long>()->default_value(32)->value_name("MIB"),
       "IP fragments held while waiting for the rest of their datagram")
      ("defrag-timeout", po::value<long long>()->default_value(60)->value_name("SECONDS"),
       "capture time a fragmented datagram may take to complete")
      ("pidfile", po::value<std::string>()->value_name("FILE"), "write the process id to FILE while running")
      ("user", po::value<std::string>()->value_name("NAME"),
       "run as this user once the capture and the outputs are open (needs root to start)")
      ("group", po::value<std::string>()->value_name("NAME"), "run as this group (default: the user's)")
      ("dump-streams", po::value<std::string>()->value_name("DIR"),
       "write each reassembled TCP stream direction to DIR (for testing; one worker)")
      ("http-log", po::value<std::string>()->value_name("FILE"),
       "write one JSON line per HTTP message with a body: its request, status and decoded body length");
  po::options_description all;
  all.add(general).add(opts);

  ParsedOptions result;
  try {
    po::variables_map vm;
    std::map<std::string, std::string> origin;
    po::store(po::command_line_parser(argc, argv).options(all).run(), vm);
    if (vm.count("help")) {
      std::cout << "Usage: dlp-sensor --read FILE... | --interface IFACE [options]\n"
                   "       dlp-sensor --check-signatures | --list-signatures [--signatures PATH]\n\n"
                   "Rebuilds TCP streams, finds Chinese personal data (resident IDs, phone numbers,\n"
                   "bank cards, travel documents, names, addresses ...) and reports what each outbound\n"
                   "flow, and each internal host, carried.\n"
                   "Exit codes: 0 done, 1 runtime failure (unreadable capture), 2 bad usage or signatures.\n"
                << all << '\n';
      return result;
    }
    if (vm.count("version")) {
      std::cout << version_text() << '\n';
      return result;
    }
    if (vm.count("config")) store_config_file(vm["config"].as<std::string>(), opts, vm, origin);
    po::notify(vm);

    if (vm.count("check-signatures")) c.mode = SensorConfig::Mode::check_signatures;
    if (vm.count("list-signatures")) c.mode = SensorConfig::Mode::list_signatures;
    if (vm.count("read")) c.capture.read_files = vm["read"].as<std::vector<std::string>>();
    if (vm.count("interface")) c.capture.interface = vm["interface"].as<std::string>();
    if (c.mode == SensorConfig::Mode::run && c.capture.read_files.empty() == c.capture.interface.empty())
      throw UsageError("give either --read FILE or --interface IFACE");
    if (vm.count("bpf")) c.capture.bpf = vm["bpf"].as<std::string>();
    c.capture.snaplen = in_range<int>(vm, origin, "snaplen", 64, 262144);
    c.capture.buffer_mib = in_range<int>(vm, origin, "capture-buffer", 0, 4096);
    c.capture.immediate = vm["immediate"].as<bool>();
    c.capture.promiscuous = !vm["no-promiscuous"].as<bool>();
    c.capture.fanout = !vm["no-fanout"].as<bool>();

    c.home_net = vm.count("home-net") ? vm["home-net"].as<std::string>() : std::string(HomeNetwork::kDefault);
    HomeNetwork check;
    if (std::string why; !check.parse(c.home_net, why)) throw UsageError("invalid value for --home-net: " + why);
    c.signatures = vm["signatures"].as<std::string>();
    if (vm.count("signature-cache")) c.signature_cache = vm["signature-cache"].as<std::string>();
    if (!parse_alert_format(vm["alert-format"].as<std::string>(), c.alert_format))
      throw UsageError(fmt::format("invalid value for --alert-format: '{}' (expected json, rfc5424, rfc3164 or cef)",
                                   vm["alert-format"].as<std::string>()));
    if (vm.count("alert-output")) c.alert_outputs = vm["alert-output"].as<std::vector<std::string>>();
    if (vm.count("tls-ca")) c.delivery.tls_ca_file = vm["tls-ca"].as<std::string>();
    if (vm.count("tls-cert")) c.delivery.tls_cert_file = vm["tls-cert"].as<std::string>();
    if (vm.count("tls-key")) c.delivery.tls_key_file = vm["tls-key"].as<std::string>();
    c.delivery.tls_verify_hostname = !vm["tls-no-verify-hostname"].as<bool>();
    c.syslog_facility = in_range<int>(vm, origin, "syslog-facility", 0, 23);
    c.syslog_pen = in_range<unsigned>(vm, origin, "syslog-pen", 1, 4294967295LL);
    if (!parse_sample_mode(vm["sample-mode"].as<std::string>(), c.findings.sample_mode))
      throw UsageError(fmt::format("invalid value for --sample-mode: '{}' (expected masked, hmac, none or clear)",
                                   vm["sample-mode"].as<std::string>()));
    if (c.findings.sample_mode == SampleMode::hmac) {
      if (!vm.count("hmac-key-file")) throw UsageError("--sample-mode hmac needs --hmac-key-file");
      std::string path = vm["hmac-key-file"].as<std::string>();
      std::ifstream key_in(path, std::ios::binary);
      std::getline(key_in, c.findings.hmac_key, '\0');
      while (!c.findings.hmac_key.empty() && (c.findings.hmac_key.back() == '\n' || c.findings.hmac_key.back() == '\r'))
        c.findings.hmac_key.pop_back();
      if (!key_in.is_open() || c.findings.hmac_key.empty())
        throw UsageError(fmt::format("{}: cannot read an HMAC key (an empty file is not one)", path));
    }
    if (c.findings.sample_mode == SampleMode::clear)
      std::cerr << "dlp-sensor: warning: --sample-mode clear puts personal data in clear into every alert\n";
    c.delivery.queue_messages = in_range<std::size_t>(vm, origin, "alert-queue", 1, 100'000'000);
    if (vm.count("spool-dir")) c.delivery.spool_dir = vm["spool-dir"].as<std::string>();
    c.delivery.spool_max_bytes = in_range<std::uint64_t>(vm, origin, "spool-max", 1, 1 << 24) << 20;
    c.report.all_directions = vm["all-directions"].as<bool>();
    c.app.enabled = !vm["no-app-decoding"].as<bool>();
    c.app.http.max_body_bytes = in_range<std::uint64_t>(vm, origin, "body-depth", 0, 4096) << 20;
    c.app.content.max_depth = in_range<std::uint64_t>(vm, origin, "decode-depth", 1, 64);
    c.report.insider = vm["insider"].as<bool>();
    c.report.hosts.window_usec = in_range<std::uint64_t>(vm, origin, "host-window", 1, 720) * 3600 * 1'000'000;
    c.scan.keyword_proximity = in_range<std::size_t>(vm, origin, "keyword-proximity", 1, 10000);
    c.report.threshold_alert_age_usec = in_range<std::int64_t>(vm, origin, "threshold-alert-after", 0, 86400) * 1'000'000;
    c.stats_interval = in_range<int>(vm, origin, "stats-interval", 0, 86400);
    c.workers = in_range<unsigned>(vm, origin, "workers", 0, 256);
    c.flow.memcap = in_range<std::size_t>(vm, origin, "flow-memcap", 1, 1 << 20) << 20;
    c.reassembly.memcap = in_range<std::size_t>(vm, origin, "reassembly-memcap", 1, 1 << 20) << 20;
    c.reassembly.stream_max_held = in_range<std::size_t>(vm, origin, "stream-max-held", 1, 1 << 20) << 10;
    c.decode.defrag.memcap = in_range<std::size_t>(vm, origin, "defrag-memcap", 1, 1 << 20) << 20;
    c.decode.defrag.timeout_usec = in_range<std::int64_t>(vm, origin, "defrag-timeout", 1, 3600) * 1'000'000;
    if (const auto budget = in_range<std::size_t>(vm, origin, "memcap", 0, 1 << 20) << 20; budget > 0) {
      if (vm["flow-memcap"].defaulted()) c.flow.memcap = budget / 100 * 60;
      if (vm["reassembly-memcap"].defaulted()) c.reassembly.memcap = budget / 100 * 30;
      if (vm["defrag-memcap"].defaulted()) c.decode.defrag.memcap = budget / 100 * 5;
      if (vm["alert-queue"].defaulted()) c.delivery.queue_messages = std::max<std::size_t>(1, budget / 100 * 5 / 1024);
    }
    if (vm.count("dump-streams")) c.dump_streams = vm["dump-streams"].as<std::string>();
    if (vm.count("http-log")) c.http_log = vm["http-log"].as<std::string>();
    if (vm.count("pidfile")) c.pidfile = vm["pidfile"].as<std::string>();
    if (vm.count("user")) c.user = vm["user"].as<std::string>();
    if (vm.count("group")) c.group = vm["group"].as<std::string>();
    result.config = std::move(c);
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
