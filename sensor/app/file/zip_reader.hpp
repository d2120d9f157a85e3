#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "app/coding/content_decoder.hpp"
#include "app/content_limits.hpp"
#include "common/byte_span.hpp"

namespace dlp {

// Receives the entries of a zip archive in the order they are stored.
class ZipEntrySink {
 public:
  virtual void begin_entry(std::string_view name) = 0;
  virtual void entry_data(ByteSpan data) = 0;
  // `complete`: the entry's data was read to its end.
  virtual void end_entry(bool complete) = 0;

 protected:
  ~ZipEntrySink() = default;
};

// A zip archive read front to back from its local headers, as it arrives
// (the central directory at the end is not waited for): stored and deflated
// entries, sizes given after the data (data descriptors), ZIP64 sizes.
// What cannot be followed (an unknown method with no size, a broken
// header) ends the reading, counted.
class ZipReader {
 public:
  ZipReader(const ContentLimits& limits, ContentStats& stats) : limits_(&limits), stats_(&stats) {}
  void write(ByteSpan data, ZipEntrySink& sink);
  // The end of the input; an entry cut short is ended incomplete.
  void finish(ZipEntrySink& sink);

 private:
  enum class State { header, name, data, descriptor, done };
  // Moves bytes from `data` into held_ until it holds `n`; true then.
  bool fill(ByteSpan& data, std::size_t n);
  void start_entry(ZipEntrySink& sink);
  void entry_bytes(ByteSpan& data, ZipEntrySink& sink);
  void end_entry(ZipEntrySink& sink, bool complete);
  void fail(std::uint64_t& counter, ZipEntrySink& sink);

  const ContentLimits* limits_;
  ContentStats* stats_;
  State state_ = State::header;
  std::string held_;  // a header or descriptor being gathered
  std::uint16_t flags_ = 0, method_ = 0;
  std::uint64_t compressed_ = 0, remaining_ = 0;
  std::size_t name_length_ = 0, extra_length_ = 0;
  std::uint64_t entries_ = 0;
  bool in_entry_ = false;
  std::unique_ptr<ContentDecoder> inflater_;
  std::string inflated_;
};

}  // namespace dlp
