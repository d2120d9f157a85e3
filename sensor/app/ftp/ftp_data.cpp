#include "app/ftp/ftp_data.hpp"

#include "app/app_config.hpp"

namespace dlp {

FtpData::FtpData(std::shared_ptr<FtpTransfer> transfer, const ContentLimits& limits, ContentStats& stats,
                 std::uint64_t depth)
    : transfer_(std::move(transfer)), limits_(&limits), stats_(&stats), depth_{DepthLimit(depth), DepthLimit(depth)} {}

std::unique_ptr<Analyzer> FtpData::create(const AnalyzerEnv& env) {
  return std::make_unique<FtpData>(env.transfer, env.config.content, env.stats.content, env.config.http.max_body_bytes);
}

void FtpData::describe(int, ConnectionFacts& facts) const {
  facts.context.filename = transfer_->filename;
  facts.initiator = transfer_->client_listens ? 1 : 0;
}

void FtpData::deliver(int dir, ByteSpan data, ContentSink& sink) {
  data = depth_[dir].cut(data, sink);
  if (data.empty()) return;
  auto& file = files_[dir];
  if (!file) {
    ContentContext named;
    named.filename = transfer_->filename;  // the STOR or RETR that names it comes before the data
    file = std::make_unique<FileDecoder>(*limits_, *stats_, named, 0, false);
  }
  file->write(data, sink);
}

// A hole or the end closes the file; what comes after a hole is read as a new one.
void FtpData::end_of_stream(int dir, ContentSink& sink) {
  if (files_[dir]) files_[dir]->finish(sink);
  files_[dir].reset();
}

std::size_t FtpData::memory_bytes() const {
  return sizeof(*this) + (files_[0] ? kDecoderStateBytes : 0) + (files_[1] ? kDecoderStateBytes : 0);
}

}  // namespace dlp
