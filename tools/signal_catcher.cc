#include "tools/signal_catcher.h"

#include <pthread.h>
#include <sys/signalfd.h>
#include <unistd.h>

namespace sealog::cli {

SignalCatcher::SignalCatcher() {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &mask, &old_mask_);
  fd_ = ::signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (fd_ < 0) Release();
}

SignalCatcher::~SignalCatcher() {
  // Consume what is pending: unblocked, it would end the process right here.
  while (Caught()) {
  }
  Release();
  if (fd_ >= 0) ::close(fd_);
}

bool SignalCatcher::Caught() {
  if (fd_ < 0) return false;
  signalfd_siginfo info;
  return ::read(fd_, &info, sizeof(info)) == static_cast<ssize_t>(sizeof(info));
}

void SignalCatcher::Release() {
  if (released_) return;
  released_ = true;
  pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

}  // namespace sealog::cli
