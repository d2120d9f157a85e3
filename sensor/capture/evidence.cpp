#include "capture/evidence.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace dlp {

HashedFile::~HashedFile() {
  if (fd_ >= 0) ::close(fd_);
}

ssize_t HashedFile::read(void* cookie, char* buffer, std::size_t size) {
  auto* self = static_cast<HashedFile*>(cookie);
  ssize_t n;
  do {
    n = ::read(self->fd_, buffer, size);
  } while (n < 0 && errno == EINTR);
  if (n > 0) {
    self->hash_.update(buffer, static_cast<std::size_t>(n));
    self->bytes_ += static_cast<std::uint64_t>(n);
  }
  return n;
}

std::FILE* HashedFile::open(const std::string& path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return nullptr;
  cookie_io_functions_t io{};
  io.read = &HashedFile::read;
  // libpcap closes the stream; the descriptor is this object's.
  io.close = [](void*) { return 0; };
  return fopencookie(this, "r", io);
}

std::string HashedFile::finish(std::uint64_t& size) {
  char buffer[1 << 16];
  while (fd_ >= 0 && read(this, buffer, sizeof buffer) > 0) {
  }
  size = bytes_;
  return hash_.hex();
}

}  // namespace dlp
