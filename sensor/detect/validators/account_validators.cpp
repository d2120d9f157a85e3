#include "detect/validators/account_validators.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "detect/validators/email_validator.hpp"
#include "detect/validators/mobile_validator.hpp"

namespace dlp {

namespace {

constexpr std::size_t kMaxAccount = 64;
constexpr std::size_t kMaxSecret = AccountListValidator::kMaxSecret;
constexpr std::size_t kMaxPadding = 4;  // spaces before a line's end, or indenting its start

enum class Separator { dashes, bar, tab, colon, none };
enum class AccountKind { qq, mobile, email, login, none };

bool account_char(int c) { return is_alnum(c) || c == '.' || c == '_' || c == '@' || c == '+' || c == '-'; }
bool dashes_at(const TextWindow& w, std::uint64_t at) {
  return w.at(at) == '-' && w.at(at + 1) == '-' && w.at(at + 2) == '-' && w.at(at + 3) == '-';
}
bool all_of(const std::string& s, bool (*pred)(int)) {
  return std::all_of(s.begin(), s.end(), [pred](char c) { return pred(static_cast<unsigned char>(c)); });
}
bool digit(int c) { return is_digit(c); }
bool letter(int c) { return is_alpha(c); }

// Printable ASCII but quotes, backslashes and what delimits lists and markup;
// after ':' neither ':' nor '/' (a URL, a remote, a clock time).
bool secret_char(int c, Separator sep) {
  if (c < 0x21 || c > 0x7E) return false;
  switch (c) {
    case '"':
    case '\'':
    case '\\':
    case '|':
    case ',':
    case '<':
    case '>': return false;
    default: return sep != Separator::colon || (c != ':' && c != '/');
  }
}

// A line (a JSON string's line after "\n", a cell after a quote or a
// comma) starts before `at`, with some indentation allowed.
bool line_starts_before(const TextWindow& w, std::uint64_t at) {
  for (std::size_t n = 0; n < kMaxPadding && (w.at(at - 1) == ' ' || w.at(at - 1) == '\t'); ++n) --at;
  const int c = w.at(at - 1);
  return c < 0 || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == ',' || c == '[' || c == '>' ||
         (is_alnum(c) && !joins_before(w, at));
}

// What may follow a secret: its line's or cell's end, or the next "----"
// field (a note); after a tab, only the line's end (more columns are a table).
bool secret_ends_at(const TextWindow& w, std::uint64_t at, Separator sep) {
  for (std::size_t n = 0; n < kMaxPadding && w.at(at) == ' '; ++n) ++at;
  const int c = w.at(at);
  if (c < 0 || c == '\n' || c == '\r' || c == '"' || c == '\'') return true;
  if (c == '\\') return w.at(at + 1) == 'n' || w.at(at + 1) == 'r' || w.at(at + 1) == '"';
  if (sep == Separator::tab) return false;
  return c == '|' || c == '\t' || c == ',' || c == '<' || dashes_at(w, at);
}

// The separator that ends at `end`, and where the account before it ends.
Separator separator_before(const TextWindow& w, std::uint64_t end, std::uint64_t& account_end) {
  if (end >= 4 && dashes_at(w, end - 4)) {
    account_end = end - 4;
    return Separator::dashes;
  }
  account_end = end - 1;
  switch (w.at(end - 1)) {
    case '|': return Separator::bar;
    case '\t': return Separator::tab;
    case ':': return Separator::colon;
    default: return Separator::none;
  }
}

// 20240101: a date, not a QQ number, before a ':' (a build, a log's day).
bool looks_like_date(const std::string& n) {
  if (n.size() != 8) return false;
  const int year = std::stoi(n.substr(0, 4)), month = std::stoi(n.substr(4, 2)), day = std::stoi(n.substr(6, 2));
  return year >= 1990 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

AccountKind kind_of(const std::string& a) {
  if (all_of(a, digit)) {
    if (MobileValidator::allocated(a)) return AccountKind::mobile;
    return a.size() >= 5 && a.size() <= 11 && a[0] != '0' ? AccountKind::qq : AccountKind::none;
  }
  if (a.find('@') != std::string::npos) return EmailValidator::well_formed(a) ? AccountKind::email : AccountKind::none;
  // A WeChat ID's shape: 6-20 letters, digits, '_' and '-', from a letter.
  const bool login = a.size() >= 6 && a.size() <= 20 && is_alpha(a[0]) &&
                     std::all_of(a.begin(), a.end(), [](char c) { return is_alnum(c) || c == '_' || c == '-'; });
  return login ? AccountKind::login : AccountKind::none;
}

// Whether an account of `kind` and its `secret` may be paired by `sep`.
bool pairs(AccountKind kind, const std::string& account, const std::string& secret, Separator sep) {
  if (kind == AccountKind::none || secret == account) return false;
  if (sep == Separator::dashes) return secret.size() >= 4;
  if (kind == AccountKind::login || secret.size() < 6) return false;
  // A number and a word, or two numbers, are a table's columns more often than a login.
  const bool number = kind == AccountKind::qq || kind == AccountKind::mobile;
  if (number && (all_of(secret, digit) || (sep != Separator::bar && all_of(secret, letter)))) return false;
  return sep != Separator::colon || kind != AccountKind::qq || !looks_like_date(account);
}

std::string lowered(const TextWindow& w, std::uint64_t from, std::uint64_t to) {
  std::string s;
  for (std::uint64_t o = from; o < to; ++o) {
    const int c = w.at(o);
    s.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  }
  return s;
}

std::string masked_pair(std::string_view account) {
  std::string out;
  if (auto at = account.find('@'); at != std::string_view::npos)
    out = std::string(account.substr(0, 1)) + "***" + std::string(account.substr(at));
  else if (account.size() >= 7)
    out = std::string(account.substr(0, 3)) + "****" + std::string(account.substr(account.size() - 3));
  else
    out = std::string(account.substr(0, 1)) + "****";
  return out + " / ********";
}

}  // namespace

bool AccountListValidator::validate(const TextWindow& w, std::uint64_t end, TextForm, Candidate& out) const {
  std::uint64_t account_end = 0;
  const Separator sep = separator_before(w, end, account_end);
  if (sep == Separator::none) return false;
  std::uint64_t start = account_end;
  while (account_end - start <= kMaxAccount && account_char(w.at(start - 1)) &&
         (!is_alnum(w.at(start - 1)) || joins_before(w, start)))
    --start;
  if (start == account_end || account_end - start > kMaxAccount || !line_starts_before(w, start)) return false;
  std::uint64_t at = end;
  while (at - end <= kMaxSecret && secret_char(w.at(at), sep) && !dashes_at(w, at)) ++at;
  if (at - end > kMaxSecret || !secret_ends_at(w, at, sep)) return false;
  std::string account = lowered(w, start, account_end), secret = lowered(w, end, at);
  if (!pairs(kind_of(account), account, secret, sep)) return false;
  out.value = std::move(account);
  out.start = start;
  return true;
}

std::string AccountListValidator::mask(std::string_view value) const { return masked_pair(value); }

namespace {

constexpr std::array<std::string_view, 6> kPasswordLabels = {"密码", "口令", "password", "passwd", "pwd", "pass"};

// U+4E00-U+9FFF (a label's characters), not the full-width punctuation after it.
bool cjk(std::string_view ch) {
  return ch.size() == 3 && static_cast<unsigned char>(ch[0]) >= 0xE4 && static_cast<unsigned char>(ch[0]) <= 0xE9;
}

bool label_separator(std::string_view ch) {
  return ch == ":" || ch == "：" || ch == "=" || ch == "\"" || ch == "'" || ch == " " || ch == "\t";
}
bool pair_separator(std::string_view ch) {
  return label_separator(ch) || ch == "," || ch == "，" || ch == ";" || ch == "；" || ch == "&" || ch == "|" ||
         ch == "/";
}

// Skips up to `most` characters that `skip` accepts; the first other one is
// left in `ch` (nothing at the end).
template <typename Skip>
void skip_while(FormReader& r, std::optional<std::string>& ch, Skip skip, std::size_t most) {
  for (std::size_t n = 0; ch && skip(*ch) && n < most; ++n) ch = r.next();
}

}  // namespace

bool AccountLabelValidator::validate(const TextWindow& w, std::uint64_t end, TextForm form, Candidate& out) const {
  FormReader r(w, end, end + kReach, form);
  std::uint64_t start = r.pos();
  std::optional<std::string> ch = r.next();
  for (std::size_t n = 0; ch && label_separator(*ch) && n < 8; ++n) {
    start = r.pos();
    ch = r.next();
  }
  std::string login;
  for (; ch && ch->size() == 1 && account_char((*ch)[0]) && login.size() <= kMaxAccount; ch = r.next())
    login.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>((*ch)[0]))));
  if (login.size() < 3 || login.size() > kMaxAccount) return false;
  skip_while(r, ch, pair_separator, 12);
  std::string label;
  for (; ch && label.size() < 24 && (cjk(*ch) || (ch->size() == 1 && is_alpha((*ch)[0]))); ch = r.next())
    label += ch->size() == 1 ? std::string(1, static_cast<char>(std::tolower((*ch)[0]))) : *ch;
  if (std::find(kPasswordLabels.begin(), kPasswordLabels.end(), label) == kPasswordLabels.end()) return false;
  skip_while(r, ch, label_separator, 8);
  std::size_t secret = 0;
  for (; ch && ch->size() == 1 && secret_char((*ch)[0], Separator::bar) && (*ch)[0] != '&'; ch = r.next()) ++secret;
  if (secret < 4 || secret > kMaxSecret) return false;
  out.value = std::move(login);
  out.start = start;
  return true;
}

std::string AccountLabelValidator::mask(std::string_view value) const { return masked_pair(value); }

}  // namespace dlp
