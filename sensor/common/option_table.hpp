#pragma once
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace dlp {

// A value refused by an option: the message names the option.
class OptionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What the command line gives an option: a switch given, a number, a word,
// or the words of a repeated option.
using OptionValue = std::variant<bool, long long, std::string, std::vector<std::string>>;

// One option of a stage (Snort's parameter tables): its name, its
// argument's name, its help, how a value is read into the stage's config
// (throwing OptionError when it is refused), and how the config's default
// is shown. The config struct's own initialisers are the defaults.
enum class OptionKind { flag, integer, text, texts };

template <class Config>
struct Option {
  const char* name;
  OptionKind kind;
  const char* arg;  // the argument's name in --help; unused for a flag
  const char* help;
  std::function<void(Config&, const OptionValue&)> set;
  std::function<std::string(const Config&)> shown_default;  // empty: none shown
  char short_name = 0;                                      // a one-letter form (-r), or none
};

template <class Config>
using OptionTable = std::vector<Option<Config>>;

namespace option {

// An integer from `lo` to `hi`, stored times `unit` (MiB: 1 << 20).
template <class Config, class T>
Option<Config> integer(const char* name, const char* arg, T Config::*field, long long lo, long long hi, long long unit,
                       const char* help) {
  return {name,
          OptionKind::integer,
          arg,
          help,
          [=](Config& c, const OptionValue& v) {
            const long long n = std::get<long long>(v);
            if (n < lo || n > hi)
              throw OptionError("invalid value for --" + std::string(name) + ": " + std::to_string(n) + " (expected " +
                                std::to_string(lo) + " to " + std::to_string(hi) + ")");
            c.*field = static_cast<T>(n * unit);
          },
          [=](const Config& c) { return std::to_string(static_cast<long long>(c.*field) / unit); }};
}

// A switch: given, it sets `field` to `value`.
template <class Config>
Option<Config> flag(const char* name, bool Config::*field, bool value, const char* help) {
  return {name, OptionKind::flag, "", help, [=](Config& c, const OptionValue&) { c.*field = value; }, {}};
}

template <class Config>
Option<Config> text(const char* name, const char* arg, std::string Config::*field, const char* help,
                    bool show_default = false) {
  std::function<std::string(const Config&)> shown;
  if (show_default) shown = [=](const Config& c) { return c.*field; };
  return {
      name, OptionKind::text, arg, help, [=](Config& c, const OptionValue& v) { c.*field = std::get<std::string>(v); },
      shown};
}

// Repeatable: every value given, in order.
template <class Config>
Option<Config> texts(const char* name, const char* arg, std::vector<std::string> Config::*field, const char* help) {
  return {name,
          OptionKind::texts,
          arg,
          help,
          [=](Config& c, const OptionValue& v) { c.*field = std::get<std::vector<std::string>>(v); },
          {}};
}

// A word read by `parse(word, out)` (an enum's name), shown by `show`.
template <class Config, class T>
Option<Config> choice(const char* name, const char* arg, T Config::*field, bool (*parse)(std::string_view, T&),
                      const char* (*show)(T), const char* expected, const char* help) {
  return {name,
          OptionKind::text,
          arg,
          help,
          [=](Config& c, const OptionValue& v) {
            const auto& word = std::get<std::string>(v);
            if (!parse(word, c.*field))
              throw OptionError("invalid value for --" + std::string(name) + ": '" + word + "' (expected " + expected +
                                ")");
          },
          [=](const Config& c) { return std::string(show(c.*field)); }};
}

// `o`, also given as -`letter`.
template <class Config>
Option<Config> abbreviated(Option<Config> o, char letter) {
  o.short_name = letter;
  return o;
}

// A stage's option, for the config that holds the stage's as `member`.
template <class Outer, class Inner>
Option<Outer> nest(Inner Outer::*member, const Option<Inner>& o) {
  std::function<std::string(const Outer&)> shown;
  if (o.shown_default) shown = [=](const Outer& c) { return o.shown_default(c.*member); };
  return {o.name, o.kind,      o.arg, o.help, [=](Outer& c, const OptionValue& v) { o.set(c.*member, v); },
          shown,  o.short_name};
}

// A stage's table, likewise.
template <class Outer, class Inner>
OptionTable<Outer> nest(Inner Outer::*member, const OptionTable<Inner>& inner) {
  OptionTable<Outer> out;
  for (const Option<Inner>& o : inner) out.push_back(nest(member, o));
  return out;
}

// `more` at the end of `table`.
template <class Config>
void append(OptionTable<Config>& table, OptionTable<Config> more) {
  for (auto& o : more) table.push_back(std::move(o));
}

}  // namespace option
}  // namespace dlp
