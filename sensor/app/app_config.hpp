#pragma once
#include "app/content_limits.hpp"
#include "app/db/db_limits.hpp"
#include "app/dns/dns_names.hpp"
#include "app/ftp/ftp_control.hpp"
#include "app/http/http_limits.hpp"
#include "app/http2/http2_analyzer.hpp"
#include "app/smtp/smtp_analyzer.hpp"
#include "app/tls/tls_analyzer.hpp"
#include "common/option_table.hpp"

namespace dlp {

struct AppConfig {
  bool enabled = true;  // off: only the raw bytes are scanned (a baseline for benchmarks)
  HttpLimits http;      // its max_body_bytes bounds mail and FTP transfers too
  SmtpLimits smtp;
  ContentLimits content;
  DbLimits db;
  TlsConfig tls;
  std::size_t max_dns_names = 100'000;  // client and address pairs named from DNS answers, per worker
};

OptionTable<AppConfig> app_options();

// The analyzers' and decoders' counters of one worker.
struct AppStats {
  HttpStats http;
  Http2Stats http2;
  SmtpStats smtp;
  FtpStats ftp;
  DbStats mysql;
  DbStats pgsql;
  DbStats tds;
  TlsStats tls;
  DnsStats dns;
  ContentStats content;
  void write(StatsWriter& w) const;
  AppStats& operator+=(const AppStats& o);
};

}  // namespace dlp
