#pragma once
#include <string>

namespace dlp {

// Becomes `user` (and `group`, or the user's primary group), dropping
// supplementary groups. Returns false with `error` set if the names are
// unknown or the switch fails; an empty user leaves everything as it is.
bool drop_privileges(const std::string& user, const std::string& group, std::string& error);

// Writes the process id to `path` at construction and removes the file at
// destruction; an empty path does nothing.
class PidFile {
 public:
  explicit PidFile(std::string path);
  ~PidFile();
  PidFile(const PidFile&) = delete;
  PidFile& operator=(const PidFile&) = delete;
  bool ok() const { return ok_; }

 private:
  std::string path_;
  bool ok_ = true;
};

}  // namespace dlp
