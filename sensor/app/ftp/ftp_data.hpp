#pragma once
#include <array>
#include <memory>

#include "app/analyzer.hpp"
#include "app/depth_limit.hpp"
#include "app/file/file_decoder.hpp"
#include "app/ftp/ftp_control.hpp"

namespace dlp {

// An FTP data connection that a control connection announced: one file,
// whichever side sends it, decoded to `depth` (its plain bytes are in the
// raw stream already); its alerts name the file.
class FtpData final : public Analyzer {
 public:
  FtpData(std::shared_ptr<FtpTransfer> transfer, const ContentLimits& limits, ContentStats& stats, std::uint64_t depth);
  static std::unique_ptr<Analyzer> create(const AnalyzerEnv& env);
  // Whether a control connection announced this one.
  static bool announced(const AnalyzerEnv& env) { return env.transfer != nullptr; }

  void deliver(int dir, ByteSpan data, ContentSink& sink) override;
  void undelivered(int dir, ContentSink& sink) override { end_of_stream(dir, sink); }
  void end_of_stream(int dir, ContentSink& sink) override;
  bool claimed() const override { return true; }
  void describe(int dir, ConnectionFacts& facts) const override;
  std::size_t memory_bytes() const override;

 private:
  static constexpr std::size_t kDecoderStateBytes = 64 << 10;
  std::shared_ptr<FtpTransfer> transfer_;
  const ContentLimits* limits_;
  ContentStats* stats_;
  std::array<DepthLimit, 2> depth_;
  std::array<std::unique_ptr<FileDecoder>, 2> files_;
};

}  // namespace dlp
