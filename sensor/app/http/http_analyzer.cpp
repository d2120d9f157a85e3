#include "app/http/http_analyzer.hpp"

#include "app/app_config.hpp"

namespace dlp {

HttpAnalyzer::HttpAnalyzer(const HttpLimits& limits, const ContentLimits& content_limits, HttpStats& stats,
                           ContentStats& content_stats)
    : readers_{HttpReader(limits, content_limits, stats, content_stats, exchange_),
               HttpReader(limits, content_limits, stats, content_stats, exchange_)} {}

std::unique_ptr<Analyzer> HttpAnalyzer::create(const AnalyzerEnv& env) {
  return std::make_unique<HttpAnalyzer>(env.config.http, env.config.content, env.stats.http, env.stats.content);
}

}  // namespace dlp
