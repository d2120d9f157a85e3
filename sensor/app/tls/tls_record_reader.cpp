#include "app/tls/tls_record_reader.hpp"

#include <algorithm>

namespace dlp {

namespace {
bool known_type(std::uint8_t t) { return t >= tls_content::change_cipher_spec && t <= tls_content::heartbeat; }
}  // namespace

void TlsRecordReader::feed(ByteSpan data, TlsRecordHandler& handler) {
  while (!data.empty() && state_ == State::reading) {
    if (record_left_ == 0) {
      read_header(data);
      continue;
    }
    const std::size_t n = std::min(record_left_, data.size());
    record_left_ -= n;
    body(data.first(n), handler);
    data = data.subspan(n);
  }
}

// Takes header bytes; a whole one starts its record.
void TlsRecordReader::read_header(ByteSpan& data) {
  const std::size_t n = std::min(header_.size() - header_have_, data.size());
  std::copy_n(data.begin(), n, header_.begin() + static_cast<std::ptrdiff_t>(header_have_));
  header_have_ += n;
  data = data.subspan(n);
  if (header_have_ < header_.size()) return;
  header_have_ = 0;
  record_left_ = std::size_t{header_[3]} << 8 | header_[4];
  if (!known_type(header_[0]) || header_[1] != 3 || record_left_ > kMaxRecordBytes) state_ = State::broken;
}

void TlsRecordReader::body(ByteSpan piece, TlsRecordHandler& handler) {
  const std::uint8_t type = header_[0];
  if (type == tls_content::change_cipher_spec) {  // never protected
    if (record_left_ == 0) handler.change_cipher_spec(dir_);
    return;
  }
  if (!encrypted_) {
    if (type == tls_content::handshake) clear_handshake(piece, handler);
    if (type == tls_content::application_data) handler.encrypted(dir_, piece.size());
    return;
  }
  if (!collect_) return handler.encrypted(dir_, piece.size());
  record_.append(as_chars(piece));
  if (record_left_ > 0) return;
  handler.sealed(dir_, header_, as_bytes(record_));
  record_.clear();
}

void TlsRecordReader::clear_handshake(ByteSpan piece, TlsRecordHandler& handler) {
  const bool within_limit = handshakes_.add(piece, [&](std::uint8_t type, ByteSpan message) {
    handler.handshake(dir_, type, message);
    return !encrypted_;  // a TLS 1.3 ServerHello turns the rest to ciphertext
  });
  if (!within_limit) handler.handshake_too_long(dir_);
}

}  // namespace dlp
