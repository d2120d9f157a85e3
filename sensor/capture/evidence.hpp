#pragma once
#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

#include "common/sha256.hpp"
#include "common/timestamp.hpp"

namespace dlp {

// What a replay says of each capture file it read, for the case that uses
// it: the file's name, size and SHA-256 (of all its bytes, read once, as
// libpcap reads them), its link type, its first and last packet times and
// its packet count.
struct EvidenceFile {
  std::string name;
  std::uint64_t size = 0;
  std::string sha256;
  std::string linktype;
  Timestamp first, last;
  std::uint64_t packets = 0;
};

// A capture file opened for libpcap through a stdio stream (glibc's
// fopencookie) whose reads a thread of its own follows, hashing what was
// read: SHA-256 costs the reading thread (the worker, with one) nothing,
// and the hasher, never ahead of the reader and a read behind it, finds the
// bytes in the page cache: the evidence is read from disk once.
class HashedFile {
 public:
  HashedFile() = default;
  ~HashedFile();
  HashedFile(const HashedFile&) = delete;
  HashedFile& operator=(const HashedFile&) = delete;

  // The stream to give libpcap, or nullptr (errno says why).
  std::FILE* open(const std::string& path);
  // After libpcap is done with the stream: the rest of the file is read
  // into the hash too (a capture cut short is still hashed whole); its
  // lowercase hex digest (empty when the file could not be read again)
  // and its size.
  std::string finish(std::uint64_t& size);
  // Bytes read from the file so far (some may wait in the stream's buffer).
  std::uint64_t consumed() const { return bytes_; }

 private:
  static ssize_t read(void* cookie, char* buffer, std::size_t size);
  // The hasher's loop: what the reader has read, hashed from the file.
  void hash_behind();
  void stop();

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
