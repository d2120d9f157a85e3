#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/content_sink.hpp"
#include "app/mime/mime_parser.hpp"

namespace dlp {

class JsonWriter;

struct SmtpLimits {
  std::size_t max_command_line = 4096;   // a command line longer than this ends parsing
  std::size_t max_envelope_addresses = 1000;  // kept to tell envelope from content
};

struct SmtpStats {
  std::uint64_t messages = 0;          // DATA and BDAT messages decoded
  std::uint64_t line_overflows = 0;    // command lines past max_command_line
  std::uint64_t starttls = 0;          // sessions encrypted from STARTTLS on: not readable
  std::uint64_t envelope_overflows = 0;
  void write_json(JsonWriter& w) const;
};

// The client side of an SMTP session (RFC 5321), fed in-order bytes:
// detected by its greeting command (EHLO, HELO, LHLO), it reads the
// envelope (MAIL FROM, RCPT TO) and each message, sent by DATA (dot-
// stuffed, ended by a lone dot) or BDAT chunks (RFC 3030), and hands the
// message to a MIME parser. Commands may be pipelined (RFC 2920).
class SmtpAnalyzer {
 public:
  SmtpAnalyzer(const SmtpLimits& limits, const ContentLimits& content_limits, SmtpStats& stats,
               ContentStats& content_stats);
  void feed(ByteSpan data, ContentSink& sink);
  void gap(ContentSink& sink);
  void close(ContentSink& sink);
  bool is_smtp() const { return smtp_; }
  const std::string& mail_from() const { return mail_from_; }
  std::uint64_t recipients() const { return recipients_; }
  // The envelope's addresses (lower case): mail routing, not leaked data.
  const std::vector<std::string>& envelope() const { return envelope_; }

 private:
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
};

}  // namespace dlp
