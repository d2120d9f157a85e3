#include "icap/icap_server.hpp"

#include <fmt/format.h>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>

#include <array>
#include <future>
#include <thread>

#include "common/host_port.hpp"
#include "icap/icap_connection.hpp"

namespace dlp {

namespace asio = boost::asio;
using asio::ip::tcp;
using Clock = asio::steady_timer::clock_type;

namespace {

struct ListenAddress {
  tcp::endpoint endpoint;
  bool tls = false;
};

// "ADDR:PORT", "[ADDR]:PORT", optionally after "icaps://".
bool parse_listen(std::string_view spec, ListenAddress& out, std::string& why) {
  out.tls = spec.rfind("icaps://", 0) == 0;
  if (out.tls) spec.remove_prefix(8);
  std::string host;
  std::uint16_t port = 0;
  boost::system::error_code ec;
  if (parse_host_port(spec, host, port)) out.endpoint = {asio::ip::make_address(host, ec), port};
  if (port == 0 || ec) {
    why = fmt::format("--icap-listen {}: expected ADDR:PORT or icaps://ADDR:PORT", spec);
    return false;
  }
  return true;
}

IpAddress ip_of(const tcp::endpoint& e) { return IpAddress::parse(e.address().to_string()).value_or(IpAddress{}); }

}  // namespace

struct IcapServer::Impl {
  Impl(const IcapConfig& c, const InspectionConfig& stages, Engine engine, IcapService::AlertHandler on_alert,
       MessageLog log)
      : config(c), service(c, stages, std::move(engine), std::move(on_alert), std::move(log)) {}

  void accept(tcp::acceptor& acceptor, bool tls);
  template <class Stream>
  void serve(Stream stream, const IpAddress& peer);

  // What the connections use is declared before the io_context: the
  // sessions its handlers still hold end with it, and report on the way.
  const IcapConfig& config;
  IcapService service;
  std::size_t open = 0;
  std::unique_ptr<asio::ssl::context> tls;
  asio::io_context io;
  std::vector<std::pair<tcp::acceptor, bool>> acceptors;
  asio::steady_timer accept_retry{io};
  std::thread thread;
};

namespace {

// One connection: reads, hands them to its IcapConnection, writes its
// answers, under the deadline of the request under way or of the idle wait.
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(Stream stream, IcapService& service, const IpAddress& peer, std::size_t& open)
      : stream_(std::move(stream)), timer_(stream_.get_executor()), service_(service), connection_(service, peer),
        open_(open) {}
  ~Session() { --open_; }

  void start() {
    arm(service_.config().idle_timeout_usec);
    watch();
    if constexpr (std::is_same_v<Stream, tcp::socket>) {
      read();
    } else {
      stream_.async_handshake(asio::ssl::stream_base::server, [self = this->shared_from_this()](auto ec) {
        if (ec) {
          ++self->service_.stats().tls_failures;
          return self->close();
        }
        self->read();
      });
    }
  }

 private:
  void read() {
    stream_.async_read_some(asio::buffer(buffer_), [self = this->shared_from_this()](auto ec, std::size_t n) {
      if (ec) return self->close();
      self->received(n);
    });
  }

  void received(std::size_t n) {
    const bool was_busy = connection_.in_request();
    const bool keep = connection_.receive(ByteSpan(buffer_.data(), n), out_);
    if (!connection_.in_request())
      arm(service_.config().idle_timeout_usec);
    else if (!was_busy)
      arm(service_.config().request_timeout_usec);
    if (out_.empty()) return keep ? read() : close();
    asio::async_write(stream_, asio::buffer(out_), [self = this->shared_from_this(), keep](auto ec, std::size_t) {
      self->out_.clear();
      if (ec || !keep) return self->close();
      self->read();
    });
  }

  void arm(std::int64_t usec) { timer_.expires_after(std::chrono::microseconds(usec)); }

  // The deadline can move while the wait runs: an expiry only counts when it is due.
  void watch() {
    timer_.async_wait([self = this->shared_from_this()](auto ec) {
      if (self->closed_) return;
      if (!ec && self->timer_.expiry() <= Clock::now()) {
        ++self->service_.stats().timeouts;
        return self->close();
      }
      self->watch();
    });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ignored;
    timer_.cancel();
    if constexpr (std::is_same_v<Stream, tcp::socket>)
      stream_.close(ignored);
    else
      stream_.lowest_layer().close(ignored);
  }

  Stream stream_;
  asio::steady_timer timer_;
  IcapService& service_;
  IcapConnection connection_;
  std::size_t& open_;
  std::array<std::uint8_t, 64 * 1024> buffer_{};
  std::string out_;
  bool closed_ = false;
};

}  // namespace

template <class Stream>
void IcapServer::Impl::serve(Stream stream, const IpAddress& peer) {
  ++open;
  ++service.stats().connections;
  std::make_shared<Session<Stream>>(std::move(stream), service, peer, open)->start();
}

void IcapServer::Impl::accept(tcp::acceptor& acceptor, bool use_tls) {
  acceptor.async_accept([this, &acceptor, use_tls](boost::system::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (ec) {
      // Out of file descriptors, most likely: try again shortly rather than spin.
      ++service.stats().refused;
      accept_retry.expires_after(std::chrono::milliseconds(100));
      accept_retry.async_wait([this, &acceptor, use_tls](auto e) {
        if (!e) accept(acceptor, use_tls);
      });
      return;
    }
    boost::system::error_code ignored;
    const IpAddress peer = ip_of(socket.remote_endpoint(ignored));
    if (open >= config.max_connections) {
      ++service.stats().refused;
      socket.close(ignored);
    } else if (use_tls) {
      serve(asio::ssl::stream<tcp::socket>(std::move(socket), *tls), peer);
    } else {
      socket.set_option(tcp::no_delay(true), ignored);
      serve(std::move(socket), peer);
    }
    accept(acceptor, use_tls);
  });
}

IcapServer::IcapServer(const IcapConfig& config, const InspectionConfig& stages, Engine engine,
                       IcapService::AlertHandler on_alert, MessageLog http_log)
    : impl_(std::make_unique<Impl>(config, stages, std::move(engine), std::move(on_alert), std::move(http_log))) {}

IcapServer::~IcapServer() { stop(); }

bool IcapServer::listen(std::string& why) {
  for (const auto& spec : impl_->config.listen) {
    ListenAddress where;
    if (!parse_listen(spec, where, why)) return false;
    if (where.tls && !impl_->tls) {
      try {
        impl_->tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
        impl_->tls->set_options(asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
        impl_->tls->use_certificate_chain_file(impl_->config.tls_cert);
        impl_->tls->use_private_key_file(impl_->config.tls_key, asio::ssl::context::pem);
      } catch (const boost::system::system_error& e) {
        why = fmt::format("--icap-tls-cert {} / --icap-tls-key {}: {}", impl_->config.tls_cert, impl_->config.tls_key,
                          e.what());
        return false;
      }
    }
    try {
      tcp::acceptor acceptor(impl_->io, where.endpoint.protocol());
      acceptor.set_option(tcp::acceptor::reuse_address(true));
      acceptor.bind(where.endpoint);
      acceptor.listen(asio::socket_base::max_listen_connections);
      impl_->acceptors.emplace_back(std::move(acceptor), where.tls);
    } catch (const boost::system::system_error& e) {
      why = fmt::format("--icap-listen {}: {}", spec, e.what());
      return false;
    }
  }
  return true;
}

void IcapServer::start() {
  for (auto& [acceptor, tls] : impl_->acceptors) impl_->accept(acceptor, tls);
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

void IcapServer::reload(Engine engine) {
  if (!impl_) return;
  asio::post(impl_->io, [this, engine = std::move(engine)]() mutable { impl_->service.reload(std::move(engine)); });
}

IcapServerStats IcapServer::stats() {
  if (!impl_) return final_stats_;
  const auto take = [this] { return IcapServerStats{impl_->service.stats(), impl_->service.user_stats()}; };
  if (!impl_->thread.joinable()) return take();
  std::promise<IcapServerStats> taken;
  auto future = taken.get_future();
  asio::post(impl_->io, [&] { taken.set_value(take()); });
  return future.get();
}

void IcapServer::stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  impl_->io.stop();
  impl_->thread.join();
  final_stats_ = {impl_->service.stats(), impl_->service.user_stats()};
  impl_.reset();  // the connections still open end here, each reporting what it saw
}

}  // namespace dlp
