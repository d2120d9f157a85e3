#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/analyzer.hpp"
#include "app/depth_limit.hpp"
#include "app/mime/mime_parser.hpp"
#include "common/counters.hpp"

namespace dlp {

struct SmtpLimits {
  std::size_t max_command_line = 4096;        // a command line longer than this ends parsing
  std::size_t max_envelope_addresses = 1000;  // kept to tell envelope from content
};

struct SmtpStats {
  std::uint64_t messages = 0;
  std::uint64_t line_overflows = 0;
  std::uint64_t starttls = 0;
  std::uint64_t envelope_overflows = 0;
  static constexpr Counter<SmtpStats> counters[] = {
      {"messages", &SmtpStats::messages, "DATA and BDAT messages decoded"},
      {"line_overflows", &SmtpStats::line_overflows, "command lines past max_command_line"},
      {"starttls", &SmtpStats::starttls, "sessions encrypted from STARTTLS on: not readable"},
      {"envelope_overflows", &SmtpStats::envelope_overflows,
       "envelope addresses past max_envelope_addresses, not kept"},
  };
};

// The client side of an SMTP session (RFC 5321), fed in-order bytes:
// detected by its greeting command (EHLO, HELO, LHLO), it reads the
// envelope (MAIL FROM, RCPT TO) and each message, sent by DATA (dot-
// stuffed, ended by a lone dot) or BDAT chunks (RFC 3030), and hands the
// message to a MIME parser. Commands may be pipelined (RFC 2920).
// The client's bytes are read to `depth`; the server's are not read.
class SmtpAnalyzer final : public Analyzer {
 public:
  SmtpAnalyzer(const SmtpLimits& limits, const ContentLimits& content_limits, SmtpStats& stats,
               ContentStats& content_stats, std::uint64_t depth = UINT64_MAX);
  static std::unique_ptr<Analyzer> create(const AnalyzerEnv& env);
  // Whether a client's first bytes greet an SMTP server.
  static bool greets(std::string_view client_head);

  void deliver(int dir, ByteSpan data, ContentSink& sink) override;
  void undelivered(int dir, ContentSink& sink) override;
  void end_of_stream(int dir, ContentSink& sink) override;
  bool claimed() const override { return smtp_; }
  // The sender and the number of recipients, on the client's direction.
  void describe(int dir, ConnectionFacts& facts) const override;
  // The envelope's addresses (lower case): mail routing, not leaked data.
  const std::vector<std::string>* routing_values() const override { return &envelope_; }
  std::size_t memory_bytes() const override { return kDecoderStateBytes; }

 private:
  static constexpr std::size_t kDecoderStateBytes = 64 << 10;
  enum class State { detect, command, data, bdat, stopped };
  void on_line(std::string_view line, ContentSink& sink);
  void command(std::string_view line, ContentSink& sink);
  void end_message(ContentSink& sink);
  void add_envelope(std::string_view argument);

  const SmtpLimits* limits_;
  const ContentLimits* content_limits_;
  SmtpStats* stats_;
  ContentStats* content_stats_;
  State state_ = State::detect;
  bool smtp_ = false;
  std::string line_;
  bool mid_line_ = false;  // line_ continues a data line already passed on
  std::uint64_t bdat_remaining_ = 0;
  bool bdat_last_ = false;
  std::unique_ptr<MimeParser> message_;
  std::string mail_from_;
  std::uint64_t recipients_ = 0;
  std::vector<std::string> envelope_;
  DepthLimit depth_;
};

}  // namespace dlp
