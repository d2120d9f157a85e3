#pragma once
#include <array>

#include "app/content_sink.hpp"
#include "reassembly/tcp_stream.hpp"
#include "session/tcp_session.hpp"
#include "session/transaction_logs.hpp"

namespace dlp {

// Where one direction of a session's bytes go: its in-order bytes to the
// application layer, then to the raw scan (and the dump); what the
// application layer decodes to the decoded scan, piece by piece; both
// scans report to the direction's findings. The raw scan skips what the
// decoded scan gets: those bytes are scanned once.
class DirectionSink final : public StreamSink, public ContentSink {
 public:
  DirectionSink(TcpSession& s, int dir, const MessageLog& message_log)
      : scanner_(s.generation->scanner), s_(s), dir_(dir), message_log_(message_log) {}
  // StreamSink: the reassembled stream.
  void on_data(ByteSpan data) override;
  void on_gap(std::uint64_t length) override;
  // ContentSink: what the analyzers decode.
  void begin(const ContentContext& context) override;
  void data(ByteSpan decoded) override;
  void end() override;
  void truncated() override { s_.truncated[dir_] = true; }
  void message(const MessageRecord& m) override;
  void plaintext(ByteSpan data) override;
  void passed_decoded(ByteSpan raw) override;
  // The direction ended: the analyzers and both scans finish.
  void close();

 private:
  // Values that route the data (a mail's envelope addresses) are not what it leaks.
  void ignore_routing_values();
  TcpSession::Decoded& decoded();
  void scan_raw(ByteSpan data);
  // The pieces of the delivery being read that passed_decoded() named, in
  // order; a delivery of more (tiny chunks) has the rest scanned raw.
  struct Piece {
    std::size_t from, to;
  };
  ByteSpan delivery_;
  std::array<Piece, 16> skipped_;
  std::size_t skipped_count_ = 0;
  Scanner& scanner_;
  TcpSession& s_;
  int dir_;
  const MessageLog& message_log_;
};

}  // namespace dlp
