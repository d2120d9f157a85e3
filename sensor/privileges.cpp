#include "privileges.hpp"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace dlp {

bool drop_privileges(const std::string& user, const std::string& group, std::string& error) {
  if (user.empty() && group.empty()) return true;
  const passwd* pw = user.empty() ? nullptr : getpwnam(user.c_str());
  if (!user.empty() && !pw) {
    error = fmt::format("--user: no user '{}'", user);
    return false;
  }
  gid_t gid = pw ? pw->pw_gid : getgid();
  if (!group.empty()) {
    const struct group* gr = getgrnam(group.c_str());
    if (!gr) {
      error = fmt::format("--group: no group '{}'", group);
      return false;
    }
    gid = gr->gr_gid;
  }
  // Groups first: once the user id has changed, the group ids cannot.
  if (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || (pw && setuid(pw->pw_uid) != 0)) {
    error = fmt::format("cannot drop privileges to {}:{}: {}", user, group, std::strerror(errno));
    return false;
  }
  return true;
}

PidFile::PidFile(std::string path) : path_(std::move(path)) {
  if (path_.empty()) return;
  std::ofstream out(path_);
  out << getpid() << '\n';
  ok_ = static_cast<bool>(out);
}

PidFile::~PidFile() {
  if (!path_.empty()) unlink(path_.c_str());
}

}  // namespace dlp
