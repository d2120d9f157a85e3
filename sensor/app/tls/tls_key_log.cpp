#include "app/tls/tls_key_log.hpp"

#include <fstream>
#include <sstream>

namespace dlp {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Hex to bytes; false on an odd length or a byte that is not hex.
bool unhex(std::string_view hex, std::string& out) {
  if (hex.size() % 2 != 0 || hex.empty()) return false;
  out.clear();
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = hex_digit(hex[i]), lo = hex_digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return true;
}

std::string TlsSecrets::*field_of(std::string_view label) {
  if (label == "CLIENT_RANDOM") return &TlsSecrets::master;
  if (label == "CLIENT_HANDSHAKE_TRAFFIC_SECRET") return &TlsSecrets::client_handshake;
  if (label == "SERVER_HANDSHAKE_TRAFFIC_SECRET") return &TlsSecrets::server_handshake;
  if (label == "CLIENT_TRAFFIC_SECRET_0") return &TlsSecrets::client_traffic;
  if (label == "SERVER_TRAFFIC_SECRET_0") return &TlsSecrets::server_traffic;
  return nullptr;
}

}  // namespace

void TlsKeyLog::read(std::string_view text, TlsKeyLogStats& stats) {
  std::istringstream lines{std::string(text)};
  std::string line, label, random_hex, secret_hex, extra, random, secret;
  while (std::getline(lines, line)) {
    ++stats.lines;
    std::istringstream words(line);
    if (!(words >> label) || label[0] == '#') continue;
    const bool shaped = (words >> random_hex >> secret_hex) && !(words >> extra) && unhex(random_hex, random) &&
                        unhex(secret_hex, secret);
    const auto field = field_of(label);
    if (!shaped || (field && (random.size() != 32 || secret.size() > 64))) {
      ++stats.unreadable;
    } else if (field) {
      secrets_[random].*field = secret;
      ++stats.secrets;
    }
  }
}

bool TlsKeyLog::load(const std::string& path, TlsKeyLogStats& stats) {
  std::ifstream in(path);
  if (!in) return false;
  std::stringstream text;
  text << in.rdbuf();
  read(text.str(), stats);
  return true;
}

const TlsSecrets* TlsKeyLog::find(std::string_view client_random) const {
  const auto it = secrets_.find(std::string(client_random));
  return it == secrets_.end() ? nullptr : &it->second;
}

}  // namespace dlp
