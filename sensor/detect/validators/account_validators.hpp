#pragma once
#include "detect/validators/validator.hpp"

namespace dlp {

// Account lists as account markets (号商) sell them: an account and its
// secret, one pair a line. The value is the account (an email lower-cased),
// so a list counts one value per distinct account; the secret is read only
// to see that there is one, and is never kept: the masked form shows none of
// it (284****765 / ********).

// "2843017765----a1b2c3d4", "13812345678----pass----备注",
// "name@163.com:password", "2843017765|a1b2c3d4", tab-separated: a line (or
// a JSON string's line, after "\n") that holds the account, the separator
// and the secret and ends there (or at the next "----" field). The pattern
// ends at the separator. Accounts: QQ numbers, mobiles and emails after any
// separator; WeChat IDs and other logins only before "----", the account
// markets' own. After ':' a QQ-like number must not be a date and its secret
// not all digits, and no secret holds '/' or ':' (build 20240101:1, a
// remote git@host:repo).
class AccountListValidator final : public Validator {
 public:
  static constexpr std::size_t kMaxSecret = 64;
  std::size_t lookahead() const override { return kMaxSecret + 8; }  // the secret and what ends it
  bool validate(const TextWindow& w, std::uint64_t end, TextForm form, Candidate& out) const override;
  std::string mask(std::string_view value) const override;
};

// "账号：zhangsan 密码：abc123", "account=zhangsan&password=abc123",
// {"username":"zhangsan","pwd":"abc123"}: a login after an account label,
// then on the same line, a few separators on, a password label (密码, 口令,
// password, passwd, pwd, pass) and its secret, read in the labels' form.
class AccountLabelValidator final : public Validator {
 public:
  static constexpr std::size_t kReach = 192;  // the label's end to the secret's
  std::size_t lookahead() const override { return kReach; }
  bool reads_labelled_value() const override { return true; }
  bool validate(const TextWindow& w, std::uint64_t end, TextForm form, Candidate& out) const override;
  bool validate_cell(std::string_view, Candidate&) const override { return false; }  // a pair is not one cell
  std::string mask(std::string_view value) const override;
};

}  // namespace dlp
