#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace dlp {

// Appends JSON to a string, one call per token. Strings are escaped; bytes
// that are not valid UTF-8 become \ufffd so the output stays valid.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view v);
  JsonWriter& value(const char* v) { return value(std::string_view(v)); }
  JsonWriter& value(std::uint64_t v);
  JsonWriter& value(double v, int decimals = 3);
  JsonWriter& value(bool v);
  // A value already written as JSON.
  JsonWriter& raw(std::string_view json);
  template <class T>
  JsonWriter& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

 private:
  void separate();
  std::string& out_;
  bool need_comma_ = false;
};

void append_json_string(std::string& out, std::string_view s);

}  // namespace dlp
