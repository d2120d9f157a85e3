#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace dlp {

// Alert messages waiting on disk, oldest first, for a collector that is
// away: what a network output could not deliver outlives a restart and is
// sent, in order, once the collector is back.
//
// The directory holds numbered segment files of records "LEN SP BYTES LF".
// New messages go to the newest segment; the oldest is read whole and
// deleted once every message in it is delivered. A segment being read is
// never appended to, so reading needs no care for a growing file. One
// sensor at a time: open() takes a lock on the directory.
class Spool {
 public:
  Spool(std::string dir, std::uint64_t max_bytes);
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  // Creates the directory, locks it and counts what an earlier run left.
  // A damaged record (a crash mid-write) ends its segment: the rest of that
  // file is cut off, counted in damaged(), and named in `warning`. False,
  // with `error` set, when the spool cannot be used.
  bool open(std::string& error, std::string& warning);

  // False when the size cap would be passed or the disk refuses: the caller
  // counts the message as dropped.
  bool append(std::string_view message);
  // The oldest messages, at least one and about `max_bytes`, left in place.
  void peek(std::vector<std::string>& out, std::size_t max_bytes, std::size_t max_messages);
  // Removes the `count` oldest messages (delivered).
  void pop(std::size_t count);
  // Makes what pop() removed from the oldest segment permanent, and what
  // append() wrote durable: called before the sensor exits.
  void checkpoint();

  bool empty() const { return messages_ == 0; }
  std::uint64_t messages() const { return messages_; }
  std::uint64_t bytes() const { return bytes_; }
  std::uint64_t damaged() const { return damaged_; }  // segments cut short or dropped

 private:
  struct Segment {
    std::uint64_t number;
    std::uint64_t bytes;
    std::uint64_t messages;
  };
  std::string path_of(std::uint64_t number) const;
  bool start_segment();
  bool load_head();
  void drop_damaged_head();
  void close_tail();

  const std::string dir_;
  const std::uint64_t max_bytes_;
  int lock_fd_ = -1;
  int tail_fd_ = -1;
  std::deque<Segment> segments_;
  std::uint64_t messages_ = 0;
  std::uint64_t bytes_ = 0;
  std::uint64_t damaged_ = 0;
  // The oldest segment, read whole; head_pos_ is where its first
  // undelivered record starts, peeked_ where each peeked record ends.
  bool head_loaded_ = false;
  std::string head_;
  std::size_t head_pos_ = 0;
  std::vector<std::size_t> peeked_ends_;
};

}  // namespace dlp
