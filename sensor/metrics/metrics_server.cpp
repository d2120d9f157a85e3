#include "metrics/metrics_server.hpp"

#include <fmt/format.h>

#include <utility>

#include <boost/asio.hpp>

#include <mutex>
#include <thread>

#include "common/host_port.hpp"

namespace dlp {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
constexpr std::size_t kMaxRequestBytes = 8192;
constexpr auto kRequestTimeout = std::chrono::seconds(5);
}  // namespace

struct MetricsServer::Impl {
  explicit Impl(const MetricsConfig& c) : config(c) {}
  void accept();
  void serve(tcp::socket socket);
  std::string answer(std::string_view request);

  const MetricsConfig& config;
  mutable std::mutex mutex;  // page and stats: the main thread and the server's
  std::string page;
  MetricsStats stats;
  std::size_t open = 0;  // the server's thread only
  asio::io_context io;
  tcp::acceptor acceptor{io};
  asio::steady_timer accept_retry{io};
  std::thread thread;
};

namespace {

// One connection: its request head read under a deadline, one answer, closed.
class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(tcp::socket socket, MetricsServer::Impl& server)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), server_(server), in_(kMaxRequestBytes) {
    ++server_.open;
  }
  ~Exchange() { --server_.open; }

  void start() {
    timer_.expires_after(kRequestTimeout);
    timer_.async_wait([self = shared_from_this()](auto ec) {
      if (ec) return;
      std::lock_guard lock(self->server_.mutex);
      ++self->server_.stats.timeouts;
      boost::system::error_code ignored;
      self->socket_.close(ignored);
    });
    asio::async_read_until(socket_, in_, "\r\n\r\n", [self = shared_from_this()](auto ec, std::size_t) {
      if (ec == asio::error::operation_aborted) return;
      // A head past kMaxRequestBytes, or a closed connection, is answered as a bad request.
      const auto data = self->in_.data();
      self->out_ = self->server_.answer(ec ? std::string_view{}
                                           : std::string_view(static_cast<const char*>(data.data()), data.size()));
      asio::async_write(self->socket_, asio::buffer(self->out_), [self](auto, std::size_t) {
        self->timer_.cancel();
        boost::system::error_code ignored;
        self->socket_.shutdown(tcp::socket::shutdown_both, ignored);
        self->socket_.close(ignored);
      });
    });
  }

 private:
  tcp::socket socket_;
  asio::steady_timer timer_;
  MetricsServer::Impl& server_;
  asio::streambuf in_;
  std::string out_;
};

std::string response(std::string_view status, std::string_view type, std::string_view body) {
  return fmt::format("HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}", status,
                     type, body.size(), body);
}

}  // namespace

std::string metrics_answer(std::string_view request, const std::string& page, MetricsStats& stats) {
  const auto line_end = request.find("\r\n");
  const std::string_view line = request.substr(0, line_end);
  const auto space = line.find(' ');
  constexpr std::string_view kVersions[] = {" HTTP/1.1", " HTTP/1.0"};
  const bool http = line.size() > 9 && space < line.size() - 9 &&
                    (line.substr(line.size() - 9) == kVersions[0] || line.substr(line.size() - 9) == kVersions[1]);
  if (line_end == std::string_view::npos || !http) {
    ++stats.bad_requests;
    return response("400 Bad Request", "text/plain", "bad request\n");
  }
  const std::string_view method = line.substr(0, space), target = line.substr(space + 1, line.size() - 9 - space - 1);
  if (method != "GET") {
    ++stats.bad_requests;
    return response("405 Method Not Allowed", "text/plain", "only GET\n");
  }
  if (target != "/metrics" && target.rfind("/metrics?", 0) != 0) {
    ++stats.bad_requests;
    return response("404 Not Found", "text/plain", "see /metrics\n");
  }
  ++stats.scrapes;
  return response("200 OK", "text/plain; version=0.0.4; charset=utf-8", page);
}

std::string MetricsServer::Impl::answer(std::string_view request) {
  std::lock_guard lock(mutex);
  return metrics_answer(request, page, stats);
}

void MetricsServer::Impl::accept() {
  acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (ec) {
      // Out of file descriptors, most likely: try again shortly rather than spin.
      accept_retry.expires_after(std::chrono::milliseconds(100));
      accept_retry.async_wait([this](auto e) {
        if (!e) accept();
      });
      return;
    }
    if (open >= config.max_connections) {
      std::lock_guard lock(mutex);
      ++stats.refused;
      boost::system::error_code ignored;
      socket.close(ignored);
    } else {
      std::make_shared<Exchange>(std::move(socket), *this)->start();
    }
    accept();
  });
}

MetricsServer::MetricsServer(const MetricsConfig& config) : impl_(std::make_unique<Impl>(config)) {}

MetricsServer::~MetricsServer() { stop(); }

bool MetricsServer::listen(std::string& why) {
  std::string host;
  std::uint16_t port = 0;
  boost::system::error_code ec;
  tcp::endpoint where;
  if (parse_host_port(impl_->config.listen, host, port)) where = {asio::ip::make_address(host, ec), port};
  if (port == 0 || ec) {
    why = fmt::format("--metrics-listen {}: expected ADDR:PORT", impl_->config.listen);
    return false;
  }
  try {
    impl_->acceptor.open(where.protocol());
    impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    impl_->acceptor.bind(where);
    impl_->acceptor.listen();
  } catch (const boost::system::system_error& e) {
    why = fmt::format("--metrics-listen {}: {}", impl_->config.listen, e.what());
    return false;
  }
  return true;
}

void MetricsServer::start() {
  impl_->accept();
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

void MetricsServer::stop() {
  if (!impl_->thread.joinable()) return;
  impl_->io.stop();
  impl_->thread.join();
}

void MetricsServer::publish(std::string page) {
  std::lock_guard lock(impl_->mutex);
  impl_->page = std::move(page);
}

MetricsStats MetricsServer::stats() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->stats;
}

OptionTable<MetricsConfig> metrics_options() {
  return {option::text("metrics-listen", "ADDR:PORT", &MetricsConfig::listen,
                       "serve GET /metrics there (Prometheus's text format): every counter of the stats line, per "
                       "worker where it is per worker, the alerts by event and severity, the signature set"),
          option::integer("metrics-max-connections", "N", &MetricsConfig::max_connections, 1, 4096, 1,
                          "more connections to the metrics server are closed at once")};
}

}  // namespace dlp
