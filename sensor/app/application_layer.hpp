#pragma once
#include <array>
#include <memory>

#include "app/content_limits.hpp"
#include "app/file/file_decoder.hpp"
#include "app/ftp/ftp_control.hpp"
#include "app/http/http_analyzer.hpp"
#include "app/smtp/smtp_analyzer.hpp"

namespace dlp {

class JsonWriter;

struct AppConfig {
  bool enabled = true;  // off: only the raw bytes are scanned (a baseline for benchmarks)
  HttpLimits http;  // its max_body_bytes bounds mail and FTP transfers too
  SmtpLimits smtp;
  ContentLimits content;
};

struct AppStats {
  HttpStats http;
  SmtpStats smtp;
  FtpStats ftp;
  ContentStats content;
  void write_json(JsonWriter& w) const;
};

// The application protocol of one TCP connection, direction 0 being the
// client's: HTTP and SMTP recognised from the client's first bytes (any
// port), an FTP control connection from USER/AUTH or port 21, and an FTP
// data connection from the control connection that announced it. Each
// analyzer passes what it decodes to a ContentSink.
class ApplicationLayer {
 public:
  ApplicationLayer(const AppConfig& config, AppStats& stats, FtpExpectations& ftp, const Endpoint& client,
                   const Endpoint& server);
  ~ApplicationLayer();

  void feed(int dir, ByteSpan data, ContentSink& sink);
  void gap(int dir, ContentSink& sink);
  void close(int dir, ContentSink& sink);
  // This connection carries an FTP transfer.
  void carry_ftp_transfer(std::shared_ptr<FtpTransfer> transfer) { ftp_transfer_ = std::move(transfer); }

  const char* name() const;
  // The HTTP request a direction's bytes belong to now, if any.
  const ContentContext& context(int dir) const { return http_[dir].context(); }
  // What the whole connection says of its content: an FTP transfer's name.
  ContentContext connection_context() const;
  // Direction `dir`'s sender: 0 the client, 1 the server.
  const Endpoint& endpoint(int dir) const { return dir == 0 ? client_ : server_; }
  const SmtpAnalyzer* smtp() const { return smtp_.get(); }
  std::size_t memory_bytes() const;

 private:
  const AppConfig* config_;
  AppStats* stats_;
  FtpExpectations* ftp_expectations_;
  Endpoint client_, server_;
  HttpExchange exchange_;
  std::array<HttpAnalyzer, 2> http_;
  std::unique_ptr<SmtpAnalyzer> smtp_;
  std::unique_ptr<FtpControl> ftp_;
  std::shared_ptr<FtpTransfer> ftp_transfer_;
  std::array<std::unique_ptr<FileDecoder>, 2> transfer_files_;
  bool client_seen_ = false;
  std::uint64_t fed_[2] = {0, 0};  // mail or transfer bytes decoded, by direction
};

}  // namespace dlp
