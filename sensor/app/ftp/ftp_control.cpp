#include "app/ftp/ftp_control.hpp"

#include <algorithm>
#include <charconv>

#include "app/app_config.hpp"
#include "common/ascii.hpp"

namespace dlp {

namespace {

constexpr std::uint16_t kFtpPort = 21;

// The numbers in `text` ("h1,h2,h3,h4,p1,p2"), at most `n` of them.
int numbers(std::string_view text, unsigned* out, int n) {
  int found = 0;
  for (std::size_t i = 0; i < text.size() && found < n;) {
    if (text[i] < '0' || text[i] > '9') {
      ++i;
      continue;
    }
    unsigned v = 0;
    auto [end, ec] = std::from_chars(text.data() + i, text.data() + text.size(), v);
    if (ec != std::errc()) return found;
    out[found++] = v;
    i = static_cast<std::size_t>(end - text.data());
  }
  return found;
}

// A port from "h1,h2,h3,h4,p1,p2" (PORT, 227), or 0.
std::uint16_t port_of_six(std::string_view text) {
  unsigned v[6];
  if (numbers(text, v, 6) != 6 || v[4] > 255 || v[5] > 255) return 0;
  return static_cast<std::uint16_t>(v[4] * 256 + v[5]);
}

// The port field of "|proto|addr|port|" (EPRT) or "(|||port|)" (229), or 0.
std::uint16_t port_of_extended(std::string_view text) {
  const auto open = text.find('(');
  if (open != std::string_view::npos) text.remove_prefix(open + 1);
  text = text.substr(text.find_first_not_of(' ') == std::string_view::npos ? 0 : text.find_first_not_of(' '));
  if (text.empty()) return 0;
  const char d = text[0];
  std::size_t at = 0;
  for (int field = 0; field < 2; ++field) {  // the delimiter before the port
    at = text.find(d, at + 1);
    if (at == std::string_view::npos) return 0;
  }
  unsigned port = 0;
  auto [end, ec] = std::from_chars(text.data() + at + 1, text.data() + text.size(), port);
  return ec == std::errc() && port > 0 && port < 65536 ? static_cast<std::uint16_t>(port) : 0;
}

}  // namespace

void FtpExpectations::expect(const Endpoint& acceptor, std::shared_ptr<FtpTransfer> transfer) {
  if (!expected_.count(acceptor)) {
    if (order_.size() >= max_) {
      stats_->forgotten += expected_.erase(order_.front());
      order_.pop_front();
    }
    order_.push_back(acceptor);
  }
  expected_[acceptor] = std::move(transfer);
  ++stats_->announced;
}

std::shared_ptr<FtpTransfer> FtpExpectations::claim(const Endpoint& acceptor) {
  auto it = expected_.find(acceptor);
  if (it == expected_.end()) return nullptr;
  auto transfer = std::move(it->second);
  expected_.erase(it);
  order_.erase(std::find(order_.begin(), order_.end(), acceptor));
  ++stats_->linked;
  return transfer;
}

FtpControl::FtpControl(FtpExpectations& expectations, FtpStats& stats, const Endpoint& client, const Endpoint& server)
    : expectations_(&expectations), stats_(&stats), client_(client), server_(server) {
  ++stats_->sessions;
}

std::unique_ptr<Analyzer> FtpControl::create(const AnalyzerEnv& env) {
  return std::make_unique<FtpControl>(env.ftp, env.stats.ftp, env.client, env.server);
}

bool FtpControl::on_port(const AnalyzerEnv& env) { return env.server.port == kFtpPort; }

bool FtpControl::logs_in(std::string_view head) { return istarts_with(head, "USER ") || istarts_with(head, "AUTH "); }

void FtpControl::deliver(int dir, ByteSpan data, ContentSink&) {
  std::string_view rest = as_chars(data);
  std::string& line = line_[dir];
  while (!rest.empty() && !stopped_[dir]) {
    const auto nl = rest.find('\n');
    const std::size_t take = nl == std::string_view::npos ? rest.size() : nl + 1;
    line.append(rest.substr(0, take));
    rest.remove_prefix(take);
    if (nl == std::string_view::npos) {
      if (line.size() > kMaxLine) {
        ++stats_->line_overflows;
        stopped_[dir] = true;
      }
      continue;
    }
    std::string_view l = line;
    while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.remove_suffix(1);
    if (dir == 0)
      on_command(l);
    else
      on_reply(l);
    line.clear();
  }
}

void FtpControl::announce(const IpAddress& ip, std::uint16_t port, bool client_listens) {
  if (port == 0) return;
  announced_ = std::make_shared<FtpTransfer>();
  announced_->client_listens = client_listens;
  expectations_->expect({ip, port}, announced_);
}

void FtpControl::on_command(std::string_view line) {
  if (istarts_with(line, "PORT ")) return announce(client_.ip, port_of_six(line.substr(5)), true);
  if (istarts_with(line, "EPRT ")) return announce(client_.ip, port_of_extended(line.substr(5)), true);
  for (std::string_view verb : {"STOR", "APPE", "STOU", "RETR"}) {
    if (!istarts_with(line, verb) || (line.size() > 4 && line[4] != ' ')) continue;
    if (announced_) {
      announced_->command.assign(verb);
      announced_->filename.assign(line.size() > 5 ? line.substr(5) : std::string_view());
      announced_.reset();  // one transfer per announcement
    }
    return;
  }
}

void FtpControl::on_reply(std::string_view line) {
  if (line.rfind("227 ", 0) == 0) {
    const auto open = line.find('(');
    announce(server_.ip, port_of_six(line.substr(open == std::string_view::npos ? 4 : open)), false);
  } else if (line.rfind("229 ", 0) == 0) {
    announce(server_.ip, port_of_extended(line.substr(4)), false);
  }
}

}  // namespace dlp
