#pragma once
#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "common/sha256.hpp"

namespace dlp {

// A capture file opened for libpcap through a stdio stream of glibc's
// (fopencookie), so that the sensor sees its reads:
// - when nothing can be read now (a pipe whose writer holds it open),
//   `on_wait` runs every 200 ms until there is (signals, stats, metrics are
//   tended); when it says stop, the file ends there;
// - with `hash`, a thread of its own follows the reads, hashing what was
//   read: SHA-256 costs the reading thread (the worker, with one) nothing,
//   and the hasher, never ahead of the reader and a read behind it, finds
//   the bytes in the page cache: the evidence is read from disk once (a
//   pipe, which cannot be read again, is hashed by the reader).
class CaptureFile {
 public:
  // True to stop reading.
  using WaitHook = std::function<bool()>;
  CaptureFile(bool hash, WaitHook on_wait) : hashing_(hash), on_wait_(std::move(on_wait)) {}
  ~CaptureFile();
  CaptureFile(const CaptureFile&) = delete;
  CaptureFile& operator=(const CaptureFile&) = delete;

  // The stream to give libpcap, or nullptr (errno says why).
  std::FILE* open(const std::string& path);
  // After libpcap is done with the stream, with `hash`: the rest of the
  // file is read into the hash too (a capture cut short is still hashed
  // whole); its lowercase hex digest (empty when the file could not be
  // read again) and its size.
  std::string finish(std::uint64_t& size);
  // Bytes read from the file so far (some may wait in the stream's buffer).
  std::uint64_t consumed() const { return bytes_; }

 private:
  static ssize_t read(void* cookie, char* buffer, std::size_t size);
  // The hasher's loop: what the reader has read, hashed from the file.
  void hash_behind();
  void stop();
  // Whether the reader may read without blocking; false when told to stop first.
  bool wait_for_data();

  bool hashing_;
  WaitHook on_wait_;
  int fd_ = -1;
  Sha256 hash_;
  bool hash_failed_ = false;
  std::uint64_t bytes_ = 0;  // written by the reader under mutex_
  bool finished_ = false;
  std::mutex mutex_;
  std::condition_variable read_more_;
  std::thread hasher_;
};

}  // namespace dlp
