// SignalCatcher: SIGINT and SIGTERM as readable events instead of death.
#ifndef SEALOG_TOOLS_SIGNAL_CATCHER_H_
#define SEALOG_TOOLS_SIGNAL_CATCHER_H_

#include <signal.h>

namespace sealog::cli {

// Blocks SIGINT and SIGTERM in the calling thread and delivers them through a
// signalfd, which callers poll next to their other file descriptors. Create
// it before any other thread starts (threads inherit the blocked mask;
// a thread that did not would take the signal and die of it). Not thread safe.
class SignalCatcher {
 public:
  SignalCatcher();
  ~SignalCatcher();  // restores the signal mask, dropping a caught signal
  SignalCatcher(const SignalCatcher&) = delete;
  SignalCatcher& operator=(const SignalCatcher&) = delete;

  // Readable when a signal is waiting; -1 when signalfd failed (then signals
  // act as usual).
  int fd() const { return fd_; }
  // Consumes a waiting signal: true when there was one.
  bool Caught();
  // Unblocks the signals in the calling thread, so the next one acts as usual
  // (a second Ctrl-C ends a program that takes too long to stop).
  void Release();

 private:
  int fd_ = -1;
  sigset_t old_mask_;
  bool released_ = false;
};

}  // namespace sealog::cli

#endif  // SEALOG_TOOLS_SIGNAL_CATCHER_H_
