#pragma once
#include <array>
#include <cstdint>
#include <string>

#include "app/tls/tls_handshake_buffer.hpp"
#include "common/byte_span.hpp"

namespace dlp {

// TLS record content types (RFC 8446 §5.1).
namespace tls_content {
constexpr std::uint8_t change_cipher_spec = 20, alert = 21, handshake = 22, application_data = 23, heartbeat = 24;
}

// What the records of one direction carry, as they are read.
class TlsRecordHandler {
 public:
  // A whole handshake message sent in the clear: its type and body.
  virtual void handshake(int dir, std::uint8_t type, ByteSpan body) = 0;
  virtual void change_cipher_spec(int dir) = 0;
  // Bytes of records this side cannot read (application data, or a
  // handshake once it is encrypted), when they are not collected.
  virtual void encrypted(int dir, std::size_t bytes) = 0;
  // A whole protected record, when they are collected: its header and body.
  virtual void sealed(int dir, ByteSpan header, ByteSpan body) = 0;
  // A handshake message longer than the limit: no more are read.
  virtual void handshake_too_long(int dir) = 0;

 protected:
  ~TlsRecordHandler() = default;
};

// One direction of a TLS connection, read record by record (RFC 8446 §5.1,
// RFC 5246 §6.2) from bytes in any pieces: handshake messages are put
// together across records while they are in the clear; protected records
// are counted without a copy, or collected whole for a key to open. A
// record header that makes no sense, or a hole in the stream, ends the
// reading: what follows is not records any more.
class TlsRecordReader {
 public:
  static constexpr std::size_t kMaxRecordBytes = (1 << 14) + 2048;  // TLSCiphertext's limit
  enum class State { reading, broken, lost };

  TlsRecordReader(int dir, std::size_t max_handshake_bytes) : dir_(dir), handshakes_(max_handshake_bytes) {}

  void feed(ByteSpan data, TlsRecordHandler& handler);
  // Records are protected from now on (after ChangeCipherSpec, or a TLS
  // 1.3 ServerHello), and `collect`ed whole or only counted.
  void encrypted_from_now(bool collect) { encrypted_ = true, collect_ = collect; }
  void lost() { state_ = State::lost; }
  State state() const { return state_; }
  std::size_t memory_bytes() const { return handshakes_.memory_bytes() + record_.capacity(); }

 private:
  void read_header(ByteSpan& data);
  void body(ByteSpan piece, TlsRecordHandler& handler);
  void clear_handshake(ByteSpan piece, TlsRecordHandler& handler);

  int dir_;
  State state_ = State::reading;
  std::array<std::uint8_t, 5> header_{};
  std::size_t header_have_ = 0;
  std::size_t record_left_ = 0;  // of the current record's body; 0 between records
  bool encrypted_ = false;
  bool collect_ = false;
  TlsHandshakeBuffer handshakes_;
  std::string record_;  // a protected record's body being collected
};

}  // namespace dlp
