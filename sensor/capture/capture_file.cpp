#include "capture/capture_file.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

namespace dlp {

namespace {
constexpr std::size_t kHashChunk = 1 << 20;
}  // namespace

CaptureFile::~CaptureFile() {
  stop();
  if (fd_ >= 0) ::close(fd_);
}

bool CaptureFile::wait_for_data() {
  if (!on_wait_) return true;
  pollfd ready{fd_, POLLIN, 0};
  for (int wait_ms = 0; ::poll(&ready, 1, wait_ms) == 0; wait_ms = 200)
    if (on_wait_()) return false;
  return true;
}

ssize_t CaptureFile::read(void* cookie, char* buffer, std::size_t size) {
  auto* self = static_cast<CaptureFile*>(cookie);
  if (!self->wait_for_data()) return 0;
  ssize_t n;
  do {
    n = ::read(self->fd_, buffer, size);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return n;
  if (!self->hasher_.joinable()) {
    // No hash, or a pipe, which cannot be read again: hashed here, as it is read.
    if (self->hashing_) self->hash_.update(buffer, static_cast<std::size_t>(n));
    self->bytes_ += static_cast<std::uint64_t>(n);
    return n;
  }
  {
    std::lock_guard lock(self->mutex_);
    self->bytes_ += static_cast<std::uint64_t>(n);
  }
  self->read_more_.notify_one();
  return n;
}

void CaptureFile::hash_behind() {
  std::vector<char> chunk(kHashChunk);
  std::uint64_t hashed = 0;
  std::unique_lock lock(mutex_);
  for (;;) {
    read_more_.wait(lock, [&] { return bytes_ > hashed || finished_; });
    const std::uint64_t until = bytes_;
    if (until == hashed) return;  // finished, all hashed
    lock.unlock();
    while (hashed < until && !hash_failed_) {
      const ssize_t n =
          ::pread(fd_, chunk.data(), std::min<std::uint64_t>(chunk.size(), until - hashed), static_cast<off_t>(hashed));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) hash_failed_ = true;  // the file shrank or failed: no digest rather than a wrong one
      if (n <= 0) break;
      hash_.update(chunk.data(), static_cast<std::size_t>(n));
      hashed += static_cast<std::uint64_t>(n);
    }
    lock.lock();
    if (hash_failed_) return;
  }
}

void CaptureFile::stop() {
  if (!hasher_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    finished_ = true;
  }
  read_more_.notify_one();
  hasher_.join();
}

std::FILE* CaptureFile::open(const std::string& path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return nullptr;
  cookie_io_functions_t io{};
  io.read = &CaptureFile::read;
  // libpcap closes the stream; the descriptor is this object's.
  io.close = [](void*) { return 0; };
  std::FILE* stream = fopencookie(this, "r", io);
  struct stat st {};
  const bool regular = ::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode);
  if (stream && hashing_ && regular) hasher_ = std::thread(&CaptureFile::hash_behind, this);
  return stream;
}

std::string CaptureFile::finish(std::uint64_t& size) {
  if (!hashing_) {
    size = bytes_;
    return {};
  }
  std::vector<char> rest(kHashChunk);
  on_wait_ = nullptr;  // the rest of a pipe is not waited for
  while (fd_ >= 0 && read(this, rest.data(), rest.size()) > 0) {
  }
  stop();
  size = bytes_;
  return hash_failed_ ? std::string() : hash_.hex();
}

}  // namespace dlp
