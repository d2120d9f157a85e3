#include "icap/icap_connection.hpp"

#include "common/ascii.hpp"
#include "icap/icap_responses.hpp"

namespace dlp {

namespace {

// A download the preview shows to be media (its Content-Type) is let go
// without its body: it is not how records leave, and it is most bytes.
bool media_response(const IcapRequest& r) {
  for (const HeaderField& f : read_header_block(r.response_head).fields) {
    if (!iequals(f.name, "content-type")) continue;
    for (std::string_view media : {"image/", "video/", "audio/", "font/"})
      if (istarts_with(f.value, media)) return true;
    return false;
  }
  return false;
}

}  // namespace

IcapConnection::~IcapConnection() {
  // The proxy went away in the middle of a message: what was seen is still reported.
  if (txn_ && txn_->inspection) {
    std::vector<Alert> alerts;
    try {
      service_.finish(*txn_->inspection, alerts);
    } catch (const std::exception&) {
      ++service_.stats().failed_open;
    }
    service_.emit(alerts, service_.next_alert_id(), "aborted");
  }
  drop_hold();
}

bool IcapConnection::receive(ByteSpan data, std::string& out) {
  out_ = &out;
  while (!data.empty() && !parser_.failed()) {
    const std::size_t used = parser_.feed(data, *this);
    data = data.subspan(used);
    if (used == 0) break;
  }
  out_ = nullptr;
  if (!parser_.failed()) return true;
  ++service_.stats().malformed;
  // An answer under way (a message passed back as it came) cannot take an error after it: the close says it.
  if (!txn_ || !txn_->streaming) out += icap_status(parser_.error_status(), service_.istag(), true);
  return false;
}

void IcapConnection::head(const IcapRequest& request) {
  if (request.method != IcapMethod::options) return start(request);
  ++service_.stats().options;
  if (request.service == "reqmod" || request.service == "respmod") {
    *out_ += icap_options_response(request.service == "reqmod" ? IcapMethod::reqmod : IcapMethod::respmod,
                                   service_.config(), service_.istag());
  } else {
    ++service_.stats().unknown_service;
    *out_ += icap_status(404, service_.istag());
  }
}

void IcapConnection::start(const IcapRequest& request) {
  const bool reqmod = request.method == IcapMethod::reqmod;
  ++(reqmod ? service_.stats().reqmod : service_.stats().respmod);
  txn_ = std::make_unique<Transaction>();
  Transaction& t = *txn_;
  t.request = request;
  if (request.service != "reqmod" && request.service != "respmod")
    t.refusal = 404;
  else if (request.service != (reqmod ? "reqmod" : "respmod"))
    t.refusal = 405;
  if (t.refusal) {
    ++service_.stats().unknown_service;
    return;
  }
  t.past_preview = !request.preview;
  t.holding = !request.allow_204 && request.has_body;
  try {
    t.inspection = service_.inspect(request, icap_client_of(request, peer_));
  } catch (const std::exception&) {
    fail_inspection();
  }
  if (t.holding && t.past_preview && service_.config().mode == IcapMode::monitor) stream_from_here();
}

void IcapConnection::body(ByteSpan data) {
  if (!txn_ || txn_->refusal) return;
  Transaction& t = *txn_;
  if (t.inspection) {
    try {
      t.inspection->body(data);
    } catch (const std::exception&) {
      fail_inspection();
    }
  }
  if (t.streaming)
    *out_ += icap_chunk(data);
  else if (t.holding)
    hold(data);
}

void IcapConnection::hold(ByteSpan data) {
  Transaction& t = *txn_;
  if (t.held.size() + data.size() <= service_.config().max_held_bytes && service_.hold(data.size())) {
    t.held.append(as_chars(data));
    return;
  }
  ++service_.stats().held_overflows;
  overflow();
  if (t.streaming) *out_ += icap_chunk(data);
}

void IcapConnection::overflow() {
  Transaction& t = *txn_;
  const IcapConfig& c = service_.config();
  if (t.past_preview && (c.mode == IcapMode::monitor || c.failure == IcapFailure::open)) {
    if (c.mode == IcapMode::block) ++service_.stats().failed_open;  // it can no longer be blocked
    stream_from_here();
    return;
  }
  t.undecided = true;
  t.holding = false;
  drop_hold();
}

void IcapConnection::stream_from_here() {
  Transaction& t = *txn_;
  *out_ += icap_unchanged_head(t.request, service_.istag());
  if (!t.held.empty()) *out_ += icap_chunk(as_bytes(t.held));
  drop_hold();
  t.holding = false;
  t.streaming = true;
}

void IcapConnection::preview_end() {
  if (!txn_ || txn_->refusal || media_response(txn_->request)) {
    *out_ += icap_status(txn_ && txn_->refusal ? txn_->refusal : 204, service_.istag());
    if (txn_ && !txn_->refusal) ++service_.stats().allowed_204;
    drop_hold();
    txn_.reset();
    parser_.answered();
    return;
  }
  Transaction& t = *txn_;
  ++service_.stats().continues;
  *out_ += icap_continue();
  t.past_preview = true;
  parser_.resume();
  if (t.holding && service_.config().mode == IcapMode::monitor) stream_from_here();
}

void IcapConnection::end() {
  if (!txn_) return;  // OPTIONS
  Transaction& t = *txn_;
  if (t.refusal) {
    *out_ += icap_status(t.refusal, service_.istag());
    txn_.reset();
    return;
  }
  std::vector<Alert> alerts;
  bool blocked = false;
  if (t.inspection) {
    try {
      blocked = service_.finish(*t.inspection, alerts);
    } catch (const std::exception&) {
      fail_inspection();
    }
    t.inspection.reset();
  }
  if (t.undecided && !t.streaming) {
    blocked = service_.config().failure == IcapFailure::closed;
    ++(blocked ? service_.stats().failed_closed : service_.stats().failed_open);
  }
  answer(blocked, alerts);
}

void IcapConnection::answer(bool blocked, std::vector<Alert>& alerts) {
  Transaction& t = *txn_;
  const std::string id = service_.next_alert_id();
  IcapStats& stats = service_.stats();
  const bool whole_preview = !t.past_preview;  // the body ended within the preview (ieof)
  if (t.streaming) {
    *out_ += icap_chunk({});
    blocked = false;
    ++stats.returned_unchanged;
  } else if (blocked) {
    const auto [head, body] = service_.block_page().render(id, alerts);
    *out_ += icap_replacement(head, body, service_.istag());
    ++stats.blocked;
  } else if (t.request.allow_204 || whole_preview) {
    *out_ += icap_status(204, service_.istag());
    ++stats.allowed_204;
  } else {
    *out_ += icap_unchanged_head(t.request, service_.istag());
    if (t.request.has_body) *out_ += (t.held.empty() ? "" : icap_chunk(as_bytes(t.held))) + icap_chunk({});
    ++stats.returned_unchanged;
  }
  service_.emit(alerts, id, blocked ? "blocked" : "allowed");
  drop_hold();
  txn_.reset();
}

void IcapConnection::fail_inspection() {
  txn_->inspection.reset();
  txn_->undecided = true;
}

void IcapConnection::drop_hold() {
  if (!txn_) return;
  service_.release(txn_->held.size());
  std::string().swap(txn_->held);
}

}  // namespace dlp
