#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "alert/alert_output.hpp"
#include "common/stats_writer.hpp"
#include "e2e/sensor_run.hpp"

namespace dlp {
namespace {

// A listening socket on a free loopback port.
struct Listener {
  int fd;
  int port;
  explicit Listener(int type, int on_port = 0) {
    fd = socket(AF_INET, type, 0);
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(on_port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    if (type == SOCK_STREAM) listen(fd, 4);
  }
  ~Listener() { close(fd); }
};

// A loopback port nobody listens on (it was bound a moment ago).
int refusing_port() {
  Listener gone(SOCK_STREAM);
  return gone.port;
}

// The output's object of the stats line's "outputs" list.
std::string stats_of(const AlertOutput& out) {
  std::string s;
  JsonWriter json(s);
  json.begin_object();
  JsonStatsWriter w(json);
  w.begin_list("outputs", "output");
  out.write_stats(w);
  w.end_list();
  json.end_object();
  return s.substr(std::string_view(R"({"outputs":[)").size(),
                  s.size() - std::string_view(R"({"outputs":[)").size() - 2);
}

std::unique_ptr<AlertOutput> make(const std::string& spec, DeliveryConfig config = {}) {
  std::string error;
  auto out = make_alert_output(spec, config, error);
  EXPECT_TRUE(out) << error;
  return out;
}

TEST(NetworkOutput, UdpCutsLongMessagesAtAFieldBoundary) {
  Listener collector(SOCK_DGRAM);
  DeliveryConfig config;
  config.udp_max_bytes = 20;
  auto out = make("udp://127.0.0.1:" + std::to_string(collector.port), config);
  out->write("short one");
  out->write("alpha beta gamma delta epsilon");
  out->close();
  char buf[100];
  ssize_t n = recv(collector.fd, buf, sizeof buf, 0);
  EXPECT_EQ(std::string(buf, n), "short one");
  n = recv(collector.fd, buf, sizeof buf, 0);
  EXPECT_EQ(std::string(buf, n), "alpha beta gamma");
  EXPECT_EQ(stats_of(*out), R"({"output":"udp://127.0.0.1:)" + std::to_string(collector.port) +
                                R"(","sent":2,"queued":0,"dropped":0,"reconnects":0,"truncated":1})");
}

std::string received_over_tcp(const std::string& options) {
  Listener collector(SOCK_STREAM);
  auto out = make("tcp://127.0.0.1:" + std::to_string(collector.port) + options);
  out->write("first");
  out->write("second line");
  int conn = accept(collector.fd, nullptr, nullptr);
  out->close();
  std::string got;
  char buf[256];
  for (ssize_t n; (n = recv(conn, buf, sizeof buf, 0)) > 0;) got.append(buf, n);
  close(conn);
  return got;
}

TEST(NetworkOutput, TcpOctetCountingAndLfFraming) {
  EXPECT_EQ(received_over_tcp(""), "5 first11 second line");
  EXPECT_EQ(received_over_tcp("?framing=lf"), "first\nsecond line\n");
}

TEST(NetworkOutput, UnreachableCollectorDropsAfterTheDrainTime) {
  DeliveryConfig config;
  config.drain_ms = 300;
  auto out = make("tcp://127.0.0.1:" + std::to_string(refusing_port()), config);
  out->write("lost");
  out->close();
  std::string stats = stats_of(*out);
  EXPECT_NE(stats.find(R"("sent":0,"queued":0,"dropped":1)"), std::string::npos) << stats;
  EXPECT_EQ(stats.find(R"("reconnects":0)"), std::string::npos) << stats;
}

// The collector refuses connections, so nothing leaves the queue: past its
// bound each alert is dropped and counted, and at exit so is what waited.
TEST(NetworkOutput, FullQueueDropsAndCounts) {
  DeliveryConfig config;
  config.queue_messages = 2;
  config.drain_ms = 0;
  auto out = make("tcp://127.0.0.1:" + std::to_string(refusing_port()), config);
  for (int i = 0; i < 1000; ++i) out->write("x");
  EXPECT_NE(stats_of(*out).find(R"("sent":0,"queued":2,"dropped":998)"), std::string::npos) << stats_of(*out);
  out->close();
  EXPECT_NE(stats_of(*out).find(R"("sent":0,"queued":0,"dropped":1000)"), std::string::npos) << stats_of(*out);
}

// The collector is away for a first run: everything goes to the spool and
// stays there at exit. The next run finds it and sends it, in order, before
// what it has itself.
TEST(NetworkOutput, SpoolKeepsWhatTheCollectorMissedForTheNextRun) {
  DeliveryConfig config;
  config.spool_dir = test::temp_dir() + "/spool";
  int port = refusing_port();
  std::string spec = "tcp://127.0.0.1:" + std::to_string(port) + "?framing=lf";
  auto away = make(spec, config);
  for (int i = 0; i < 500; ++i) away->write("alert " + std::to_string(i));
  away->close();
  auto stats = nlohmann::json::parse(stats_of(*away));
  EXPECT_GE(stats["reconnects"], 1);  // once, or once more at close
  stats.erase("reconnects");
  EXPECT_EQ(
      stats.dump(),
      R"({"dropped":0,"output":")" + spec +
          R"(","queued":0,"replayed":0,"sent":0,"spool_damaged":0,"spool_pending":500,"spooled":500,"truncated":0})");
  away.reset();  // the next run may take the spool

  Listener collector(SOCK_STREAM, port);
  auto back = make(spec, config);
  back->write("alert 500");
  int conn = accept(collector.fd, nullptr, nullptr);
  back->close();
  std::string got, want;
  char buf[4096];
  for (ssize_t n; (n = recv(conn, buf, sizeof buf, 0)) > 0;) got.append(buf, n);
  close(conn);
  for (int i = 0; i <= 500; ++i) want += "alert " + std::to_string(i) + "\n";
  EXPECT_EQ(got, want);
  // "alert 500" went behind the spool, or straight out once it was empty.
  auto after = nlohmann::json::parse(stats_of(*back));
  EXPECT_EQ(after["replayed"], 500 + after["spooled"].get<int>());
  after.erase("replayed");
  after.erase("spooled");
  EXPECT_EQ(after.dump(),
            R"({"dropped":0,"output":")" + spec +
                R"(","queued":0,"reconnects":0,"sent":501,"spool_damaged":0,"spool_pending":0,"truncated":0})");
}

TEST(AlertOutputSpec, BadValuesAreNamed) {
  std::string error;
  EXPECT_FALSE(make_alert_output("udp://nohost", {}, error));
  EXPECT_EQ(error, "'udp://nohost' is not PROTO://HOST:PORT");
  EXPECT_FALSE(make_alert_output("tcp://h:99999", {}, error));
  EXPECT_FALSE(make_alert_output("udp://h:514?framing=lf", {}, error));
  EXPECT_EQ(error, "'udp://h:514?framing=lf': the only option is ?framing=lf, for tcp://");
  EXPECT_TRUE(make_alert_output("tcp://[::1]:6514", {}, error));
}

}  // namespace
}  // namespace dlp
