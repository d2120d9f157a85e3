#include "app/application_layer.hpp"

#include "common/ascii.hpp"
#include "common/json_writer.hpp"

namespace dlp {

namespace {

constexpr std::uint16_t kFtpPort = 21;
constexpr std::size_t kDecoderStateBytes = 64 << 10;

}  // namespace

void AppStats::write_json(JsonWriter& w) const {
  w.key("http").begin_object();
  http.write_json(w);
  w.end_object();
  w.key("smtp").begin_object();
  smtp.write_json(w);
  w.end_object();
  w.key("ftp").begin_object();
  ftp.write_json(w);
  w.end_object();
  w.key("content").begin_object();
  content.write_json(w);
  w.end_object();
}

ApplicationLayer::ApplicationLayer(const AppConfig& config, AppStats& stats, FtpExpectations& ftp,
                                   const Endpoint& client, const Endpoint& server)
    : config_(&config), stats_(&stats), ftp_expectations_(&ftp), client_(client), server_(server),
      http_{HttpAnalyzer(config.http, config.content, stats.http, stats.content, exchange_),
            HttpAnalyzer(config.http, config.content, stats.http, stats.content, exchange_)} {
  if (config.enabled && server.port == kFtpPort) ftp_ = std::make_unique<FtpControl>(ftp, stats.ftp, client, server);
}

ApplicationLayer::~ApplicationLayer() = default;

void ApplicationLayer::feed(int dir, ByteSpan data, ContentSink& sink) {
  if (!config_->enabled || data.empty()) return;
  if (ftp_transfer_ || smtp_) {
    // Mail and transfers are read to the body depth, as HTTP bodies are.
    const std::uint64_t depth = config_->http.max_body_bytes;
    if (fed_[dir] >= depth) return;
    if (fed_[dir] + data.size() > depth) {
      data = data.first(static_cast<std::size_t>(depth - fed_[dir]));
      sink.truncated();
    }
    fed_[dir] += data.size();
  }
  if (ftp_transfer_) {
    // A transfer is one file, whichever side sends it; its plain bytes are in the raw stream.
    auto& file = transfer_files_[dir];
    if (!file) file = std::make_unique<FileDecoder>(config_->content, stats_->content, connection_context(), 0, false);
    return file->write(data, sink);
  }
  if (dir == 0 && !client_seen_) {
    client_seen_ = true;
    // The client's first bytes name SMTP and FTP (their servers speak first, alike).
    const std::string_view head = as_chars(data);
    if (istarts_with(head, "EHLO") || istarts_with(head, "HELO") || istarts_with(head, "LHLO"))
      smtp_ = std::make_unique<SmtpAnalyzer>(config_->smtp, config_->content, stats_->smtp, stats_->content);
    else if (!ftp_ && (istarts_with(head, "USER ") || istarts_with(head, "AUTH ")))
      ftp_ = std::make_unique<FtpControl>(*ftp_expectations_, stats_->ftp, client_, server_);
  }
  if (ftp_) return ftp_->feed(dir, data);
  if (smtp_ && dir == 0) smtp_->feed(data, sink);
  // A connection SMTP has claimed is not looked at as HTTP (a mail line may start "GET ").
  if (!smtp_ || !smtp_->is_smtp()) http_[dir].feed(data, sink);
}

void ApplicationLayer::gap(int dir, ContentSink& sink) {
  http_[dir].gap(sink);
  if (smtp_ && dir == 0) smtp_->gap(sink);
  if (transfer_files_[dir]) transfer_files_[dir]->finish(sink);
  transfer_files_[dir].reset();
}

void ApplicationLayer::close(int dir, ContentSink& sink) {
  http_[dir].close(sink);
  if (smtp_ && dir == 0) smtp_->close(sink);
  if (transfer_files_[dir]) transfer_files_[dir]->finish(sink);
  transfer_files_[dir].reset();
}

const char* ApplicationLayer::name() const {
  if (ftp_transfer_) return "ftp-data";
  if (smtp_ && smtp_->is_smtp()) return "smtp";
  if (ftp_) return "ftp";
  if (http_[0].is_http() || http_[1].is_http()) return "http";
  return "raw";
}

ContentContext ApplicationLayer::connection_context() const {
  ContentContext c;
  if (ftp_transfer_) c.filename = ftp_transfer_->filename;
  return c;
}

std::size_t ApplicationLayer::memory_bytes() const {
  std::size_t bytes = http_[0].memory_bytes() + http_[1].memory_bytes();
  if (smtp_) bytes += kDecoderStateBytes;
  for (const auto& f : transfer_files_)
    if (f) bytes += kDecoderStateBytes;
  return bytes;
}

}  // namespace dlp
