#include "session/direction_sink.hpp"

#include <algorithm>

#include "detect/scan/quote_masking.hpp"

namespace dlp {

void DirectionSink::on_data(ByteSpan data) {
  delivery_ = data;
  skipped_count_ = 0;
  s_.app.deliver(dir_, data, *this);
  ignore_routing_values();
  s_.findings[dir_].set_context(FindingSource::raw, &s_.app.context(dir_));
  if (!s_.app.opaque(dir_)) scan_raw(data);
  if (s_.dumps) (*s_.dumps)[dir_].on_data(data);
}

namespace {

// Whether `between` is at most a line end: a part's lines reach the decoded
// scan one by one, their line ends held back until the next line shows
// whether a delimiter follows; alone, a line end holds nothing to find.
bool line_end_only(ByteSpan between) {
  return between.size() <= 2 &&
         std::all_of(between.begin(), between.end(), [](auto b) { return b == '\r' || b == '\n'; });
}

}  // namespace

void DirectionSink::passed_decoded(ByteSpan raw) {
  const auto* begin = delivery_.data();
  if (raw.empty() || raw.data() < begin || raw.data() + raw.size() > begin + delivery_.size()) return;
  const auto from = static_cast<std::size_t>(raw.data() - begin);
  const std::size_t to = from + raw.size();
  if (skipped_count_ > 0) {
    Piece& last = skipped_[skipped_count_ - 1];
    if (from < last.to) return;  // out of order: scanned raw
    if (line_end_only(delivery_.subspan(last.to, from - last.to))) {
      last.to = to;
      return;
    }
  }
  if (skipped_count_ < skipped_.size()) skipped_[skipped_count_++] = {from, to};
}

// No token spans a skipped piece, as none spans a gap.
void DirectionSink::scan_raw(ByteSpan data) {
  FindingSink& sink = s_.findings[dir_].sink(FindingSource::raw);
  ContentStream& stream = s_.content[dir_];
  std::size_t at = 0;
  for (std::size_t i = 0; i < skipped_count_; ++i) {
    scanner_.write(stream, data.subspan(at, skipped_[i].from - at), sink);
    scanner_.gap(stream, skipped_[i].to - skipped_[i].from, sink);
    at = skipped_[i].to;
  }
  scanner_.write(stream, data.subspan(at), sink);
}

void DirectionSink::plaintext(ByteSpan data) {
  FlowFindings& findings = s_.findings[dir_];
  findings.set_context(FindingSource::raw, &s_.app.context(dir_));
  scanner_.write(s_.content[dir_], data, findings.sink(FindingSource::raw));
}

void DirectionSink::on_gap(std::uint64_t length) {
  s_.app.undelivered(dir_, *this);
  scanner_.gap(s_.content[dir_], length, s_.findings[dir_].sink(FindingSource::raw));
  if (s_.dumps) (*s_.dumps)[dir_].on_gap(length);
}

TcpSession::Decoded& DirectionSink::decoded() {
  auto& decoded = s_.decoded[dir_];
  if (!decoded) {
    decoded = std::make_unique<TcpSession::Decoded>();
    s_.findings[dir_].set_context(FindingSource::decoded, &decoded->context);
  }
  return *decoded;
}

void DirectionSink::begin(const ContentContext& context) { decoded().context = context; }

void DirectionSink::data(ByteSpan bytes) {
  scanner_.write(decoded().stream, bytes, s_.findings[dir_].sink(FindingSource::decoded));
}

// No token spans two pieces.
void DirectionSink::end() {
  if (s_.decoded[dir_]) scanner_.gap(s_.decoded[dir_]->stream, 0, s_.findings[dir_].sink(FindingSource::decoded));
}

void DirectionSink::message(const MessageRecord& m) {
  if (!message_log_) return;
  ContentContext quoted = *m.context;
  mask_quoted(scanner_, quoted);
  MessageRecord masked = m;
  masked.context = &quoted;
  message_log_(message_log_line(masked, s_.app.endpoint(dir_), s_.app.endpoint(1 - dir_)));
}

void DirectionSink::close() {
  s_.app.end_of_stream(dir_, *this);
  if (s_.decoded[dir_]) scanner_.close(s_.decoded[dir_]->stream, s_.findings[dir_].sink(FindingSource::decoded));
  scanner_.close(s_.content[dir_], s_.findings[dir_].sink(FindingSource::raw));
}

void DirectionSink::ignore_routing_values() {
  const auto* values = s_.app.routing_values();
  if (!values) return;
  for (; s_.routing_ignored < values->size(); ++s_.routing_ignored)
    for (auto& f : s_.findings) f.ignore_value((*values)[s_.routing_ignored]);
}

}  // namespace dlp
