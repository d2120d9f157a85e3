#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "alert/alert_output.hpp"
#include "common/json_writer.hpp"

namespace dlp {
namespace {

// A listening socket on a free loopback port.
struct Listener {
  int fd;
  int port;
  explicit Listener(int type) {
    fd = socket(AF_INET, type, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
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

std::string stats_of(const AlertOutput& out) {
  std::string s;
  JsonWriter w(s);
  out.write_stats(w);
  return s;
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
