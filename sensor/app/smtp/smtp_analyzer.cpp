#include "app/smtp/smtp_analyzer.hpp"

#include <algorithm>
#include <charconv>

#include "app/app_config.hpp"
#include "common/ascii.hpp"

namespace dlp {

namespace {

constexpr std::size_t kDataPiece = 8192;  // a data line this long is passed on in pieces

}  // namespace

SmtpAnalyzer::SmtpAnalyzer(const SmtpLimits& limits, const ContentLimits& content_limits, SmtpStats& stats,
                           ContentStats& content_stats, std::uint64_t depth)
    : limits_(&limits), content_limits_(&content_limits), stats_(&stats), content_stats_(&content_stats),
      depth_(depth) {}

std::unique_ptr<Analyzer> SmtpAnalyzer::create(const AnalyzerEnv& env) {
  return std::make_unique<SmtpAnalyzer>(env.config.smtp, env.config.content, env.stats.smtp, env.stats.content,
                                        env.config.http.max_body_bytes);
}

// Its servers speak first: the client's greeting names the protocol.
bool SmtpAnalyzer::greets(std::string_view head) {
  return istarts_with(head, "EHLO") || istarts_with(head, "HELO") || istarts_with(head, "LHLO");
}

void SmtpAnalyzer::describe(int dir, ConnectionFacts& facts) const {
  if (dir != 0) return;
  facts.mail_from = mail_from_;
  facts.rcpt_to = recipients_;
}

void SmtpAnalyzer::deliver(int dir, ByteSpan data, ContentSink& sink) {
  if (dir != 0) return;
  std::string_view rest = as_chars(depth_.cut(data, sink));
  while (!rest.empty() && state_ != State::stopped) {
    if (state_ == State::bdat) {
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(bdat_remaining_, rest.size()));
      message_->write(as_bytes(rest.substr(0, n)), sink);
      rest.remove_prefix(n);
      bdat_remaining_ -= n;
      if (bdat_remaining_ == 0) {
        if (bdat_last_) end_message(sink);
        state_ = State::command;
      }
      continue;
    }
    if (state_ == State::detect) {
      // The first five bytes decide; the line then goes on as a command.
      const std::size_t take = std::min(5 - line_.size(), rest.size());
      line_.append(rest.substr(0, take));
      rest.remove_prefix(take);
      if (line_.size() < 5) break;
      const bool greeting =
          istarts_with(line_, "EHLO ") || istarts_with(line_, "HELO ") || istarts_with(line_, "LHLO ");
      state_ = greeting ? State::command : State::stopped;
      smtp_ = greeting;
      continue;
    }
    const auto nl = rest.find('\n');
    const std::size_t take = nl == std::string_view::npos ? rest.size() : nl + 1;
    line_.append(rest.substr(0, take));
    rest.remove_prefix(take);
    if (nl != std::string_view::npos) {
      const std::string line = std::move(line_);
      line_.clear();
      on_line(line, sink);
      mid_line_ = false;
    } else if (state_ == State::data && line_.size() > kDataPiece) {
      message_->write(as_bytes(line_), sink);
      line_.clear();
      mid_line_ = true;
    } else if (state_ != State::data && line_.size() > limits_->max_command_line) {
      ++stats_->line_overflows;
      state_ = State::stopped;
    }
  }
}

void SmtpAnalyzer::on_line(std::string_view line, ContentSink& sink) {
  if (state_ != State::data) return command(line, sink);
  std::string_view text = line;
  if (!mid_line_) {
    const std::string_view bare = text.substr(0, text.find_last_not_of("\r\n") + 1);
    if (bare == ".") return end_message(sink);
    if (!text.empty() && text[0] == '.') text.remove_prefix(1);  // dot-stuffing
  }
  message_->write(as_bytes(text), sink);
}

void SmtpAnalyzer::command(std::string_view line, ContentSink& sink) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (istarts_with(line, "MAIL FROM:")) {
    add_envelope(line.substr(10));
    if (mail_from_.empty() && !envelope_.empty()) mail_from_ = envelope_.back();
  } else if (istarts_with(line, "RCPT TO:")) {
    ++recipients_;
    add_envelope(line.substr(8));
  } else if (istarts_with(line, "DATA") && line.size() == 4) {
    ++stats_->messages;
    message_ = std::make_unique<MimeParser>(*content_limits_, *content_stats_, ContentContext{}, 0);
    state_ = State::data;
  } else if (istarts_with(line, "BDAT ")) {
    std::string_view args = line.substr(5);
    const auto [end, ec] = std::from_chars(args.data(), args.data() + args.size(), bdat_remaining_);
    if (ec != std::errc()) return;
    bdat_last_ = std::string_view(end, static_cast<std::size_t>(args.data() + args.size() - end)).find("LAST") !=
                 std::string_view::npos;
    if (!message_) {
      ++stats_->messages;
      message_ = std::make_unique<MimeParser>(*content_limits_, *content_stats_, ContentContext{}, 0);
    }
    state_ = State::bdat;
    if (bdat_remaining_ == 0) {
      if (bdat_last_) end_message(sink);
      state_ = State::command;
    }
  } else if (istarts_with(line, "STARTTLS")) {
    ++stats_->starttls;
    state_ = State::stopped;
  }
}

// The address in "<user@host> PARAMS", lower case.
void SmtpAnalyzer::add_envelope(std::string_view argument) {
  const auto open = argument.find('<'), close = argument.find('>');
  if (open == std::string_view::npos || close == std::string_view::npos || close <= open + 1) return;
  if (envelope_.size() >= limits_->max_envelope_addresses) {
    ++stats_->envelope_overflows;
    return;
  }
  std::string address(argument.substr(open + 1, close - open - 1));
  std::transform(address.begin(), address.end(), address.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  envelope_.push_back(std::move(address));
}

void SmtpAnalyzer::end_message(ContentSink& sink) {
  if (message_) message_->finish(sink);
  message_.reset();
  state_ = State::command;
}

void SmtpAnalyzer::undelivered(int dir, ContentSink& sink) { end_of_stream(dir, sink); }

void SmtpAnalyzer::end_of_stream(int dir, ContentSink& sink) {
  if (dir != 0) return;
  if (message_) message_->finish(sink);
  message_.reset();
  state_ = State::stopped;
}

}  // namespace dlp
