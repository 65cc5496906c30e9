#include "tools/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace sealog::cli {
namespace {

Status ErrnoStatus(const std::string& what, int error_number) {
  std::string message = what + ": " + std::strerror(error_number);
  return error_number == ENOSPC ? Status::NoSpace(message) : Status::IOError(message);
}

}  // namespace

Output::Output(int fd, bool owns_fd, std::string name, std::string temp_path)
    : fd_(fd), owns_fd_(owns_fd), name_(std::move(name)), temp_path_(std::move(temp_path)) {
  buffer_.reserve(kFlushBytes + (64 << 10));
}

Output::~Output() {
  if (owns_fd_) ::close(fd_);
  if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
}

std::unique_ptr<Output> Output::Stdout() {
  return std::unique_ptr<Output>(new Output(STDOUT_FILENO, false, "stdout", ""));
}

Result<std::unique_ptr<Output>> Output::ToFile(const std::string& path) {
  struct stat info;
  const bool exists = ::stat(path.c_str(), &info) == 0;
  const bool in_place = exists && !S_ISREG(info.st_mode);
  std::string temp_path;
  int fd;
  if (in_place) {
    fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  } else {
    temp_path = path + ".tmp-" + std::to_string(::getpid());
    fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  }
  if (fd < 0) return ErrnoStatus("cannot open " + (in_place ? path : temp_path), errno);
  return std::unique_ptr<Output>(new Output(fd, true, path, std::move(temp_path)));
}

bool Output::Flush() {
  if (!status_.ok()) return false;
  size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      closed_by_reader_ = errno == EPIPE;
      status_ = ErrnoStatus("write to " + name_, errno);
      buffer_.clear();
      return false;
    }
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
  return true;
}

Status Output::Commit() {
  if (!Flush()) return status_;
  if (temp_path_.empty()) return Status::Ok();
  if (::fsync(fd_) != 0) return status_ = ErrnoStatus("fsync " + temp_path_, errno);
  if (::rename(temp_path_.c_str(), name_.c_str()) != 0) {
    return status_ = ErrnoStatus("rename " + temp_path_ + " to " + name_, errno);
  }
  temp_path_.clear();
  return Status::Ok();
}

}  // namespace sealog::cli
