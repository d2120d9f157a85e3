#include "app/tls/tls_key_log.hpp"

#include <filesystem>
#include <fstream>
#include <mutex>
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

void TlsKeyLog::read(std::string_view text) {
  std::unique_lock lock(mutex_);
  read_lines(text);
}

void TlsKeyLog::read_lines(std::string_view text) {
  std::istringstream lines{std::string(text)};
  std::string line, label, random_hex, secret_hex, extra, random, secret;
  while (std::getline(lines, line)) {
    ++stats_.lines;
    std::istringstream words(line);
    if (!(words >> label) || label[0] == '#') continue;
    const bool shaped = (words >> random_hex >> secret_hex) && !(words >> extra) && unhex(random_hex, random) &&
                        unhex(secret_hex, secret);
    const auto field = field_of(label);
    if (!shaped || (field && (random.size() != 32 || secret.size() > 64))) {
      ++stats_.unreadable;
    } else if (field) {
      secrets_[random].*field = secret;
      ++stats_.secrets;
    }
  }
}

bool TlsKeyLog::add_file(const std::string& path) {
  if (!std::ifstream(path)) return false;
  std::unique_lock lock(mutex_);
  sources_.push_back(Source{path, 0, {}});
  Source& s = sources_.back();
  read_source(s);
  read_lines(s.partial);  // a last line without its newline
  s.partial.clear();
  return true;
}

// What was appended since the last read; a file that shrank (rewritten) is
// read again from its start.
void TlsKeyLog::read_source(Source& s) {
  std::ifstream in(s.path, std::ios::binary | std::ios::ate);
  if (!in) return;
  const auto size = static_cast<std::uint64_t>(in.tellg());
  if (size < s.offset) s.offset = 0, s.partial.clear();
  if (size == s.offset) return;
  in.seekg(static_cast<std::streamoff>(s.offset));
  std::string added(size - s.offset, '\0');
  in.read(added.data(), static_cast<std::streamsize>(added.size()));
  s.offset = size;
  s.partial += added;
  const auto end = s.partial.rfind('\n');
  if (end == std::string::npos) return;
  read_lines(std::string_view(s.partial).substr(0, end + 1));
  s.partial.erase(0, end + 1);
}

std::optional<TlsSecrets> TlsKeyLog::lookup(const std::string& client_random) const {
  std::shared_lock lock(mutex_);
  const auto it = secrets_.find(client_random);
  if (it == secrets_.end()) return std::nullopt;
  return it->second;
}

// Live, a miss (or a TLS 1.3 connection's secrets still in part) reads what
// the files gained first, a stat each: a client writes its secrets as its
// handshake goes, just before the records they open.
std::optional<TlsSecrets> TlsKeyLog::find(std::string_view client_random) {
  const std::string random(client_random);
  if (auto found = lookup(random); (found && found->whole()) || !live_) return found;
  {
    std::unique_lock lock(mutex_);
    for (Source& s : sources_) {
      std::error_code error;
      const auto size = std::filesystem::file_size(s.path, error);
      if (!error && size != s.offset) read_source(s);
    }
  }
  return lookup(random);
}

std::size_t TlsKeyLog::size() const {
  std::shared_lock lock(mutex_);
  return secrets_.size();
}

TlsKeyLogStats TlsKeyLog::stats() const {
  std::shared_lock lock(mutex_);
  return stats_;
}

}  // namespace dlp
