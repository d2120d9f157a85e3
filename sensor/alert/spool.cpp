#include "alert/spool.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace dlp {

namespace {

// A segment is closed for appending past this size, so that delivered
// messages leave the disk in steps of at most this much.
constexpr std::uint64_t kSegmentBytes = 4 << 20;
// Alert lines are a few kilobytes; a longer length field is damage.
constexpr std::size_t kMaxRecordBytes = 1 << 20;
constexpr std::string_view kSuffix = ".spool";

// The record at `pos`: its message and where the next one starts; false if
// what is there is not a whole record.
bool read_record(std::string_view data, std::size_t pos, std::string_view& message, std::size_t& next) {
  std::size_t length = 0;
  auto [end, ec] = std::from_chars(data.data() + pos, data.data() + data.size(), length);
  std::size_t at = static_cast<std::size_t>(end - data.data());
  if (ec != std::errc{} || at == pos || length > kMaxRecordBytes || at >= data.size() || data[at] != ' ' ||
      data.size() - at - 1 < length + 1 || data[at + 1 + length] != '\n')
    return false;
  message = data.substr(at + 1, length);
  next = at + 2 + length;
  return true;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool read_whole(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  out.assign(std::istreambuf_iterator<char>(in), {});
  return !in.bad() && in.is_open();
}

}  // namespace

Spool::Spool(std::string dir, std::uint64_t max_bytes) : dir_(std::move(dir)), max_bytes_(max_bytes) {}

Spool::~Spool() {
  close_tail();
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

std::string Spool::path_of(std::uint64_t number) const { return fmt::format("{}/{:020}{}", dir_, number, kSuffix); }

bool Spool::open(std::string& error, std::string& warning) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir_, ec);
  lock_fd_ = ::open((dir_ + "/lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd_ < 0) {
    error = fmt::format("{}: cannot use as a spool directory", dir_);
    return false;
  }
  if (flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    error = fmt::format("{}: the spool directory is in use by another dlp-sensor", dir_);
    return false;
  }
  std::vector<std::uint64_t> numbers;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    std::string name = entry.path().filename().string();
    std::uint64_t number = 0;
    auto [end, parse_ec] = std::from_chars(name.data(), name.data() + name.size(), number);
    if (parse_ec != std::errc{}) continue;
    if (std::string_view(end) == kSuffix) numbers.push_back(number);
    if (std::string_view(end).starts_with(kSuffix) && name.ends_with(".new"))
      fs::remove(entry.path(), ec);  // a checkpoint cut short
  }
  std::sort(numbers.begin(), numbers.end());
  for (std::uint64_t number : numbers) {
    std::string data;
    if (!read_whole(path_of(number), data)) {
      error = fmt::format("{}: cannot read", path_of(number));
      return false;
    }
    Segment segment{number, 0, 0};
    std::string_view message;
    for (std::size_t next; segment.bytes < data.size() && read_record(data, segment.bytes, message, next);
         segment.bytes = next)
      ++segment.messages;
    if (segment.bytes < data.size()) {
      ++damaged_;
      warning = fmt::format("{}: damaged record at byte {}; the {} bytes from there are dropped", path_of(number),
                            segment.bytes, data.size() - segment.bytes);
      fs::resize_file(path_of(number), segment.bytes, ec);
    }
    if (segment.messages == 0) {
      fs::remove(path_of(number), ec);
      continue;
    }
    segments_.push_back(segment);
    messages_ += segment.messages;
    bytes_ += segment.bytes;
  }
  return true;
}

void Spool::close_tail() {
  if (tail_fd_ >= 0) ::close(tail_fd_);
  tail_fd_ = -1;
}

bool Spool::start_segment() {
  close_tail();
  std::uint64_t number = segments_.empty() ? 1 : segments_.back().number + 1;
  tail_fd_ = ::open(path_of(number).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
  if (tail_fd_ < 0) return false;
  segments_.push_back({number, 0, 0});
  return true;
}

bool Spool::append(std::string_view message) {
  std::string record = fmt::format("{} {}\n", message.size(), message);
  if (bytes_ + record.size() > max_bytes_ || message.size() > kMaxRecordBytes) return false;
  // A segment being read (load_head() closes it) or left by an earlier run
  // is never written to.
  if (tail_fd_ < 0 || segments_.back().bytes >= kSegmentBytes)
    if (!start_segment()) return false;
  if (!write_all(tail_fd_, record)) {
    // A short write would leave a damaged record behind: cut it off.
    if (ftruncate(tail_fd_, static_cast<off_t>(segments_.back().bytes)) != 0) close_tail();
    if (segments_.back().messages == 0) {
      close_tail();
      std::error_code ec;
      std::filesystem::remove(path_of(segments_.back().number), ec);
      segments_.pop_back();
    }
    return false;
  }
  segments_.back().bytes += record.size();
  ++segments_.back().messages;
  bytes_ += record.size();
  ++messages_;
  return true;
}

bool Spool::load_head() {
  if (head_loaded_) return true;
  if (segments_.size() == 1 && tail_fd_ >= 0) close_tail();
  head_pos_ = 0;
  head_loaded_ = read_whole(path_of(segments_.front().number), head_);
  // What open() or append() counted is what is read, even if the file changed since.
  head_.resize(std::min<std::size_t>(head_.size(), segments_.front().bytes));
  return head_loaded_;
}

void Spool::peek(std::vector<std::string>& out, std::size_t max_bytes, std::size_t max_messages) {
  out.clear();
  peeked_ends_.clear();
  while (!segments_.empty()) {
    if (load_head()) {
      std::size_t pos = head_pos_, bytes = 0;
      std::string_view message;
      for (std::size_t next; out.size() < max_messages && bytes < max_bytes &&
                             out.size() < segments_.front().messages && read_record(head_, pos, message, next);
           pos = next) {
        bytes += out.emplace_back(message).size();
        peeked_ends_.push_back(next);
      }
      if (!out.empty()) return;
    }
    drop_damaged_head();  // unreadable, or changed on disk since it was counted
  }
}

void Spool::drop_damaged_head() {
  const Segment& head = segments_.front();
  ++damaged_;
  messages_ -= head.messages;
  bytes_ -= head.bytes;
  std::error_code ec;
  std::filesystem::remove(path_of(head.number), ec);
  segments_.pop_front();
  head_loaded_ = false;
  head_.clear();
}

void Spool::pop(std::size_t count) {
  if (count == 0 || count > peeked_ends_.size()) return;
  Segment& head = segments_.front();
  head_pos_ = peeked_ends_[count - 1];
  peeked_ends_.clear();
  head.messages -= count;
  messages_ -= count;
  if (head.messages > 0) return;
  std::error_code ec;
  std::filesystem::remove(path_of(head.number), ec);
  bytes_ -= head.bytes;
  segments_.pop_front();
  head_loaded_ = false;
  head_.clear();
}

void Spool::checkpoint() {
  if (tail_fd_ >= 0) fdatasync(tail_fd_);
  if (!head_loaded_ || head_pos_ == 0) return;
  // The undelivered rest of the oldest segment replaces it, atomically.
  Segment& head = segments_.front();
  std::string rest = head_.substr(head_pos_);
  std::string temporary = path_of(head.number) + ".new";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return;
  bool ok = write_all(fd, rest) && fdatasync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(temporary.c_str(), path_of(head.number).c_str()) != 0) return;
  bytes_ -= head.bytes - rest.size();
  head.bytes = rest.size();
  head_ = std::move(rest);
  head_pos_ = 0;
}

}  // namespace dlp
