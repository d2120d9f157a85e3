#include "app/analyzer_table.hpp"

#include "app/db/mysql_analyzer.hpp"
#include "app/db/pgsql_analyzer.hpp"
#include "app/db/tds_analyzer.hpp"
#include "app/ftp/ftp_control.hpp"
#include "app/ftp/ftp_data.hpp"
#include "app/http/http_analyzer.hpp"
#include "app/http2/http2_analyzer.hpp"
#include "app/smtp/smtp_analyzer.hpp"
#include "app/tls/tls_analyzer.hpp"

namespace dlp {

namespace {

bool always(const AnalyzerEnv&) { return true; }

constexpr AnalyzerEntry kAnalyzers[] = {
    {"ftp-data", FtpData::announced, nullptr, FtpData::create},
    {"ftp", FtpControl::on_port, FtpControl::logs_in, FtpControl::create},
    {"smtp", nullptr, SmtpAnalyzer::greets, SmtpAnalyzer::create},
    {"mysql", nullptr, MysqlAnalyzer::speaks, MysqlAnalyzer::create},
    {"pgsql", nullptr, PgsqlAnalyzer::starts_up, PgsqlAnalyzer::create},
    {"tds", nullptr, TdsAnalyzer::logs_in, TdsAnalyzer::create},
    {"tls", nullptr, TlsAnalyzer::client_hello, TlsAnalyzer::create},
    {"http2", nullptr, Http2Analyzer::preface, Http2Analyzer::create},
    {"http", always, nullptr, HttpAnalyzer::create},
};

}  // namespace

std::span<const AnalyzerEntry> analyzer_table() { return kAnalyzers; }

}  // namespace dlp
