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
  type_ = header_[0];
  record_left_ = std::size_t{header_[3]} << 8 | header_[4];
  if (!known_type(type_) || header_[1] != 3 || record_left_ > kMaxRecordBytes) state_ = State::broken;
}

void TlsRecordReader::body(ByteSpan piece, TlsRecordHandler& handler) {
  switch (type_) {
    case tls_content::handshake:
      if (encrypted_ || over_limit_) {
        std::string().swap(handshake_);  // its memory too
        return handler.encrypted(dir_, piece.size());
      }
      handshake_.append(as_chars(piece));
      return take_handshakes(handler);
    case tls_content::change_cipher_spec:
      if (record_left_ == 0) handler.change_cipher_spec(dir_);
      return;
    case tls_content::application_data: return handler.encrypted(dir_, piece.size());
    default: return;  // alerts and heartbeats
  }
}

void TlsRecordReader::take_handshakes(TlsRecordHandler& handler) {
  std::size_t at = 0;
  while (handshake_.size() - at >= 4) {
    const auto* h = reinterpret_cast<const std::uint8_t*>(handshake_.data() + at);
    const std::size_t length = std::size_t{h[1]} << 16 | std::size_t{h[2]} << 8 | h[3];
    if (length > max_handshake_) {
      over_limit_ = true;
      std::string().swap(handshake_);  // its memory too
      return handler.handshake_too_long(dir_);
    }
    if (handshake_.size() - at < 4 + length) break;
    handler.handshake(dir_, h[0], ByteSpan(h + 4, length));
    at += 4 + length;
    if (encrypted_) {  // the message turned the rest to ciphertext (a TLS 1.3 ServerHello)
      handler.encrypted(dir_, handshake_.size() - at);
      std::string().swap(handshake_);  // its memory too
      return;
    }
  }
  handshake_.erase(0, at);
}

}  // namespace dlp
