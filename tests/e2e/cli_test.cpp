#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "e2e/sensor_run.hpp"

namespace dlp::test {
namespace {

std::string write_file(const std::string& name, const std::string& text) {
  std::string path = temp_dir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

// A usage error is one line on stderr naming what is wrong, and exit 2.
void expect_usage_error(const SensorRun& run, const std::string& line) {
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "dlp-sensor: " + line + "\n");
  EXPECT_EQ(run.out, "");
}

TEST(Cli, HelpAndVersion) {
  auto help = run_sensor({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* option : {"--read", "--interface", "--bpf", "--snaplen", "--home-net", "--signatures",
                             "--alert-format", "--alert-output", "--config", "--stats-interval", "--version"})
    EXPECT_NE(help.out.find(option), std::string::npos) << option;
  auto version = run_sensor({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("dlp-sensor 0.1.0 (Hyperscan 5.4.0", 0), 0u) << version.out;
}

// "--name ARG" from an option line of --help ("  -r [ --read ] FILE  ..."), or "".
std::string help_entry(const std::string& line) {
  if (line.rfind("  -", 0) != 0) return "";
  std::istringstream words(line);
  std::string word, entry;
  while (words >> word) {
    if (word == "[" || word == "]" || (word.size() == 2 && word[0] == '-' && word[1] != '-')) continue;
    if (word.rfind("--", 0) == 0)
      entry = word.substr(2);
    else if (!entry.empty() &&
             std::all_of(word.begin(), word.end(), [](unsigned char c) { return std::isupper(c) || c == ':'; }))
      return entry + " " + word;
    else
      break;
  }
  return entry;
}

// The same from a man page's ".TP" head ("\fB\-r\fR, \fB\-\-read\fR \fIFILE\fR"), or "".
std::string man_entry(std::string line) {
  const auto at = line.find("\\fB\\-\\-");
  if (at == std::string::npos) return "";
  line = line.substr(at + 7);
  std::string name = line.substr(0, line.find("\\fR"));
  for (auto dash = name.find("\\-"); dash != std::string::npos; dash = name.find("\\-")) name.erase(dash, 1);
  const auto arg = line.find("\\fI");
  return arg == std::string::npos ? name : name + " " + line.substr(arg + 3, line.find("\\fR", arg) - arg - 3);
}

// The man page documents every option --help lists, with its argument, and no other.
TEST(Cli, ManPageMatchesHelp) {
  auto help = run_sensor({"--help"});
  std::set<std::string> listed, documented;
  std::istringstream lines(help.out);
  for (std::string line; std::getline(lines, line);)
    if (auto entry = help_entry(line); !entry.empty()) listed.insert(entry);
  std::ifstream man(DLP_SOURCE_DIR "/docs/dlp-sensor.8");
  ASSERT_TRUE(man.is_open());
  for (std::string line; std::getline(man, line);)
    if (auto entry = man_entry(line); !entry.empty()) documented.insert(entry);
  EXPECT_GE(listed.size(), 45u);
  EXPECT_EQ(listed, documented);
}

TEST(Cli, BadOptionsAndValues) {
  expect_usage_error(run_sensor({"--colour"}), "unrecognised option '--colour'");
  expect_usage_error(run_sensor({}), "give either --read FILE or --interface IFACE (or --icap-listen ADDR:PORT alone)");
  expect_usage_error(run_sensor({"--read", "a.pcap", "--interface", "eth0"}),
                     "give either --read FILE or --interface IFACE (or --icap-listen ADDR:PORT alone)");
  expect_usage_error(run_sensor({"--read", "a.pcap", "--alert-format", "xml"}),
                     "invalid value for --alert-format: 'xml' (expected json, rfc5424, rfc3164 or cef)");
  expect_usage_error(run_sensor({"--read", "a.pcap", "--home-net", "10.0.0.0/8,10.1"}),
                     "invalid value for --home-net: '10.1' is not an address or CIDR block");
  expect_usage_error(run_sensor({"--read", "a.pcap", "--snaplen", "12"}),
                     "invalid value for --snaplen: 12 (expected 64 to 262144)");
  expect_usage_error(run_sensor({"--read", "a.pcap", "--flow-memcap", "lots"}),
                     "the argument ('lots') for option '--flow-memcap' is invalid");
}

TEST(Cli, ConfigFileSetsOptionsAndTheCommandLineWins) {
  std::string out = temp_dir() + "/alerts.json";
  std::string conf = write_file("sensor.conf", "# demo\nread = " + bundled("demo.pcap") +
                                                   "\nalert-format = json\n\nalert-output = " + out + "\n");
  auto run = run_sensor({"--config", conf});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  std::ifstream in(out);
  std::string first;
  std::getline(in, first);
  EXPECT_EQ(first.rfind("{\"timestamp\":", 0), 0u) << first;

  auto override = run_sensor({"--config", conf, "--alert-output", "-", "--alert-format", "rfc5424"});
  EXPECT_EQ(override.exit_code, 0);
  EXPECT_EQ(override.out.rfind("<162>1 ", 0), 0u) << override.out;  // local4.crit: 200 cards, tier A
}

// A switch is written "name = true" (or false, which leaves it off): with
// every address inside, only all-directions reports the demo's upload.
TEST(Cli, ConfigFileSwitchesAreTrueOrFalse) {
  auto alerts_with = [](const std::string& value) {
    std::string conf = write_file("switch-" + value + ".conf", "read = " + bundled("demo.pcap") +
                                                                   "\nhome-net = 0.0.0.0/0\nalert-format = json\n"
                                                                   "all-directions = " +
                                                                   value + "\n");
    auto run = run_sensor({"--config", conf});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.alerts().size();
  };
  EXPECT_EQ(alerts_with("false"), 0u);
  EXPECT_EQ(alerts_with("true"), 4u);  // the demo upload: four categories
  std::string bad = write_file("yes.conf", "read = x.pcap\nall-directions = yes\n");
  expect_usage_error(run_sensor({"--config", bad}), bad + ":2: 'all-directions' is a switch: expected true or false");
}

TEST(Cli, BrokenConfigFileNamesFileAndLine) {
  std::string bad_key = write_file("a.conf", "read = x.pcap\ncolour = red\n");
  expect_usage_error(run_sensor({"--config", bad_key}), bad_key + ":2: unknown option 'colour'");
  std::string no_eq = write_file("b.conf", "# c\nread x.pcap\n");
  expect_usage_error(run_sensor({"--config", no_eq}), no_eq + ":2: expected 'option = value'");
  std::string bad_value = write_file("c.conf", "read = x.pcap\n\nsnaplen = 5\n");
  expect_usage_error(run_sensor({"--config", bad_value}),
                     bad_value + ":3: invalid value for --snaplen: 5 (expected 64 to 262144)");
  expect_usage_error(run_sensor({"--config", "/nonexistent.conf"}), "/nonexistent.conf: cannot read config file");
}

TEST(Cli, BrokenSignaturesExitTwoWithFileAndLine) {
  std::string sig = write_file("bad.sig",
                               "[signature]\nid = 9\nname = x\ncategory = c\nvalidator = email\n"
                               "tier = C\npattern = [unclosed\n");
  auto run = run_sensor({"--read", bundled("demo.pcap"), "--signatures", sig});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err.rfind("dlp-sensor: " + sig + ":7: pattern does not compile: ", 0), 0u) << run.err;
  auto missing = run_sensor({"--read", bundled("demo.pcap"), "--signatures", "/nonexistent.sig"});
  expect_usage_error(missing, "/nonexistent.sig: cannot read signature file");
}

TEST(Cli, BrokenDestinationListExitsTwoWithFileAndLine) {
  std::string list = write_file("destinations.list", "cloud_storage pan.baidu.com\nim\n");
  auto run = run_sensor({"--read", bundled("demo.pcap"), "--destinations", list});
  expect_usage_error(run, list + ":2: expected a kind and a domain suffix");
  auto check = run_sensor({"--check-signatures", "--destinations", list});
  expect_usage_error(check, list + ":2: expected a kind and a domain suffix");
  auto none = run_sensor({"--read", bundled("demo.pcap"), "--destinations", "none"});
  EXPECT_EQ(none.exit_code, 0) << none.err;
}

TEST(Cli, CheckAndListSignatures) {
  auto check = run_sensor({"--check-signatures"});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find(": 29 signatures in 25 categories, "), std::string::npos) << check.out;
  std::string sig = write_file("label.sig",
                               "[signature]\nid = 9\nname = x\ncategory = c\nvalidator = qq\n"
                               "tier = C\nkeyword = QQ\npattern = \\d+\n");
  auto broken = run_sensor({"--check-signatures", "--signatures", sig});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_EQ(broken.err,
            "dlp-sensor: " + sig + ":1: validator 'qq' reads a labelled value: give it 'label' lines, not 'pattern'\n");
  auto list = run_sensor({"--list-signatures"});
  EXPECT_EQ(list.exit_code, 0);
  std::istringstream lines(list.out);
  std::string header, first;
  std::getline(lines, header);
  std::getline(lines, first);
  EXPECT_EQ(header, "id\tcategory\ttier\tvalidator\tpatterns\tlabels\tkeywords\tidentifier\trequire_keyword\tname");
  EXPECT_EQ(first,
            "1028\taccount_credentials\tB\taccount_list\t4\t0\t0\tyes\tno\tAccount list (account and password a line)");
  // The start line reports the compile time of the set in use.
  auto run = run_sensor({"--read", bundled("demo.pcap")});
  EXPECT_NE(run.err.find("{\"event\":\"start\",\"signatures\":29,\"patterns\":"), std::string::npos) << run.err;
}

// A compiled signature set is saved once and loaded after; a damaged cache
// file is compiled over.
TEST(Cli, SignatureCache) {
  const std::string cache = temp_dir() + "/cache";
  const std::vector<std::string> args = {"--read", bundled("demo.pcap"), "--alert-format",
                                         "json",   "--signature-cache",  cache};
  auto first = run_sensor(args);
  auto second = run_sensor(args);
  EXPECT_NE(first.err.find("\"signature_cache\":false"), std::string::npos) << first.err;
  EXPECT_NE(second.err.find("\"signature_cache\":true"), std::string::npos) << second.err;
  EXPECT_EQ(first.alerts().size(), 4u);
  EXPECT_EQ(second.alerts().size(), 4u);
  for (const auto& entry : std::filesystem::directory_iterator(cache)) std::ofstream(entry.path()) << "garbage";
  auto third = run_sensor(args);
  EXPECT_EQ(third.exit_code, 0);
  EXPECT_NE(third.err.find("\"signature_cache\":false"), std::string::npos) << third.err;
  EXPECT_EQ(third.alerts().size(), 4u);
}

// Samples: HMAC values an analyst can correlate (checked against Python's
// hmac module), none at all, or the clear values with a warning.
TEST(Cli, SampleModes) {
  std::string key = write_file("hmac.key", "soc-secret\n");
  auto hmac = run_sensor(
      {"--read", bundled("demo.pcap"), "--alert-format", "json", "--sample-mode", "hmac", "--hmac-key-file", key});
  ASSERT_EQ(hmac.exit_code, 0) << hmac.err;
  auto alerts = hmac.alerts();
  ASSERT_EQ(alerts.size(), 4u);
  EXPECT_EQ(alerts[1]["category"], "cn_mobile");
  EXPECT_EQ(alerts[1]["samples"],
            nlohmann::json({"hmac:b3613d67999d0be9", "hmac:f652a5ff7f869490", "hmac:eebdb2da93bba8ef"}));
  auto none = run_sensor({"--read", bundled("demo.pcap"), "--alert-format", "json", "--sample-mode", "none"});
  EXPECT_EQ(none.alerts()[1]["samples"], nlohmann::json::array());
  EXPECT_EQ(none.alerts()[1]["distinct"], 200);
  auto clear = run_sensor({"--read", bundled("demo.pcap"), "--alert-format", "json", "--sample-mode", "clear"});
  EXPECT_EQ(clear.alerts()[1]["samples"][0], "13812345678");
  EXPECT_EQ(
      clear.err.rfind("dlp-sensor: warning: --sample-mode clear puts personal data in clear into every alert\n", 0),
      0u);
  expect_usage_error(run_sensor({"--read", "a.pcap", "--sample-mode", "hmac"}),
                     "--sample-mode hmac needs --hmac-key-file");
  std::string empty = write_file("empty.key", "");
  expect_usage_error(run_sensor({"--read", "a.pcap", "--sample-mode", "hmac", "--hmac-key-file", empty}),
                     empty + ": cannot read an HMAC key (an empty file is not one)");
}

TEST(Cli, UnknownUserOrGroup) {
  expect_usage_error(run_sensor({"--read", bundled("demo.pcap"), "--user", "no-such-user"}),
                     "--user: no user 'no-such-user'");
  expect_usage_error(run_sensor({"--read", bundled("demo.pcap"), "--group", "no-such-group"}),
                     "--group: no group 'no-such-group'");
}

TEST(Cli, UnwritableAlertOutput) {
  auto run = run_sensor({"--read", bundled("demo.pcap"), "--alert-output", "/nonexistent/dir/alerts"});
  expect_usage_error(run, "/nonexistent/dir/alerts: No such file or directory");
}

TEST(Cli, BpfFilterAppliesToFiles) {
  auto none = run_sensor({"--read", bundled("demo.pcap"), "--bpf", "udp", "--alert-format", "json"});
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_TRUE(none.alerts().empty());
  EXPECT_EQ(none.stats()["packets"], 0);
  auto bad = run_sensor({"--read", bundled("demo.pcap"), "--bpf", "tcp port"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("bad BPF filter 'tcp port'"), std::string::npos) << bad.err;
}

// One budget shared out among the pools (and the workers); a pool's own
// option wins. The stats line shows each pool's use and cap.
TEST(Cli, MemcapIsSharedOut) {
  auto run = run_sensor({"--read", generated("http_upload.pcap"), "--memcap", "100", "--reassembly-memcap", "7",
                         "--workers", "2", "--alert-output", "/dev/null"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto memory = run.stats()["memory"];
  EXPECT_EQ(memory["flows_cap"], (100ull << 20) / 100 * 60);
  EXPECT_EQ(memory["reassembly_cap"], 7ull << 20);
  EXPECT_EQ(memory["defrag_cap"], (100ull << 20) / 100 * 5);
  EXPECT_EQ(memory["flows"], 0);  // every flow ended
}

}  // namespace
}  // namespace dlp::test
