#pragma once
#include <memory>
#include <string>

#include "icap/icap_parser.hpp"
#include "icap/icap_service.hpp"

namespace dlp {

// One ICAP client connection's requests, one after another, without the
// socket: bytes in, answers out. OPTIONS is answered at once; a REQMOD or
// RESPMOD message is inspected as it streams in (a preview is answered
// 100 Continue: the whole body is read), and at its end answered by the
// policy: the block page, or the message allowed (204 when the client takes
// it, else returned unchanged: held to the limits, or, in monitor mode,
// passed back as it comes).
class IcapConnection final : private IcapEvents {
 public:
  IcapConnection(IcapService& service, const IpAddress& peer)
      : service_(service), peer_(peer), parser_(service.config().parser) {}
  ~IcapConnection() override;
  IcapConnection(const IcapConnection&) = delete;
  IcapConnection& operator=(const IcapConnection&) = delete;

  // Bytes from the client; what to send is appended to `out`. False: the
  // connection closes once `out` is sent (malformed input).
  bool receive(ByteSpan data, std::string& out);
  // A request is under way (its time limit runs), rather than the wait between requests.
  bool in_request() const { return txn_ != nullptr || !parser_.idle(); }

 private:
  struct Transaction {
    IcapRequest request;
    std::unique_ptr<IcapInspection> inspection;  // none: not inspected (refused, failed)
    int refusal = 0;                             // 404 or 405, answered at the end of the message
    std::string held;                            // the body kept to return it unchanged
    bool holding = false;
    bool streaming = false;     // returned as it comes: the 200 head has gone
    bool past_preview = false;  // 100 Continue sent, or no preview
    bool undecided = false;     // it outgrew the hold in block mode, or inspection failed
  };
  void head(const IcapRequest& request) override;
  void body(ByteSpan data) override;
  void preview_end() override;
  void end() override;

  void start(const IcapRequest& request);
  void hold(ByteSpan data);
  // The message can no longer be held: passed back as it comes, or left undecided.
  void overflow();
  void stream_from_here();
  void answer(bool blocked, std::vector<Alert>& alerts);
  void fail_inspection();
  void drop_hold();

  IcapService& service_;
  IpAddress peer_;
  IcapParser parser_;
  std::unique_ptr<Transaction> txn_;
  std::string* out_ = nullptr;  // during receive()
};

}  // namespace dlp
