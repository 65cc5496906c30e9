#include "tools/change_watcher.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>

namespace sealog::cli {

ChangeWatcher::ChangeWatcher(const std::string& dir) {
  inotify_fd_ = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  if (inotify_fd_ >= 0) {
    const uint32_t events = IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE | IN_DELETE;
    if (::inotify_add_watch(inotify_fd_, dir.c_str(), events) < 0) {
      ::close(inotify_fd_);
      inotify_fd_ = -1;  // fall back to waking at every timeout
    }
  }
}

ChangeWatcher::~ChangeWatcher() {
  if (inotify_fd_ >= 0) ::close(inotify_fd_);
}

void ChangeWatcher::DrainInotify() {
  alignas(inotify_event) char buffer[4096];
  while (::read(inotify_fd_, buffer, sizeof(buffer)) > 0) {
  }
}

ChangeWatcher::Wake ChangeWatcher::Wait(std::chrono::milliseconds timeout) {
  // events = 0 on stdout: poll still reports POLLERR when stdout is a pipe
  // nobody reads, and nothing for files and terminals.
  pollfd fds[3] = {{STDOUT_FILENO, 0, 0}, {signals_.fd(), POLLIN, 0}, {inotify_fd_, POLLIN, 0}};
  int ready;
  do {
    ready = ::poll(fds, 3, static_cast<int>(timeout.count()));
  } while (ready < 0 && errno == EINTR);
  if (ready <= 0) return Wake::kTimeout;
  if ((fds[1].revents & POLLIN) && signals_.Caught()) return Wake::kInterrupted;
  if (fds[0].revents & (POLLERR | POLLHUP)) return Wake::kOutputClosed;
  if (fds[2].revents & POLLIN) DrainInotify();
  return Wake::kChanged;
}

}  // namespace sealog::cli
