// ChangeWatcher: sleeps until a store directory changes, for `tail -f`.
#ifndef SEALOG_TOOLS_CHANGE_WATCHER_H_
#define SEALOG_TOOLS_CHANGE_WATCHER_H_

#include <chrono>
#include <string>

#include "tools/signal_catcher.h"

namespace sealog::cli {

// Watches a directory with inotify (writes, new files, renames) and waits for
// whichever comes first: a change, a timeout, SIGINT/SIGTERM, or the reader of
// stdout going away. Without inotify (limits reached, odd file systems) it
// still wakes at every timeout, so callers poll. Create it before any other
// thread starts: it holds a SignalCatcher.
class ChangeWatcher {
 public:
  enum class Wake {
    kChanged,       // something in the directory changed (or may have)
    kTimeout,       // nothing seen; look anyway
    kInterrupted,   // SIGINT or SIGTERM: end cleanly
    kOutputClosed,  // stdout is a pipe whose reader is gone
  };

  explicit ChangeWatcher(const std::string& dir);
  ~ChangeWatcher();
  ChangeWatcher(const ChangeWatcher&) = delete;
  ChangeWatcher& operator=(const ChangeWatcher&) = delete;

  Wake Wait(std::chrono::milliseconds timeout);

 private:
  void DrainInotify();

  SignalCatcher signals_;
  int inotify_fd_ = -1;
};

}  // namespace sealog::cli

#endif  // SEALOG_TOOLS_CHANGE_WATCHER_H_
