#include "tests/tools/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

extern char** environ;

namespace sealog::testing {
namespace {

void Die(const char* what) {
  std::fprintf(stderr, "subprocess: %s: %s\n", what, std::strerror(errno));
  std::abort();
}

// A write to a pipe whose reader is gone must fail with EPIPE, not kill us.
void IgnoreSigpipeOnce() {
  static const bool done = [] {
    std::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)done;
}

// Reads what is available from *fd into *out; closes it and sets -1 at EOF.
void ReadAvailable(int* fd, std::string* out) {
  char buffer[65536];
  const ssize_t n = ::read(*fd, buffer, sizeof(buffer));
  if (n > 0) {
    out->append(buffer, static_cast<size_t>(n));
  } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
    ::close(*fd);
    *fd = -1;
  }
}

}  // namespace

std::unique_ptr<Child> Child::Spawn(const std::vector<std::string>& argv) {
  IgnoreSigpipeOnce();
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    Die("pipe2");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // dup2 onto 0, 1, 2 clears close-on-exec for the child's ends only.
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  std::unique_ptr<Child> child(new Child());
  const int spawned = posix_spawn(&child->pid_, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    errno = spawned;
    Die(args[0]);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  child->stdin_fd_ = in[1];
  child->stdout_fd_ = out[0];
  child->stderr_fd_ = err[0];
  return child;
}

Child::~Child() {
  if (!reaped_) {
    Kill(SIGKILL);
    Wait();
  }
  CloseStdin();
}

size_t Child::WriteStdin(std::string_view data) {
  size_t done = 0;
  while (done < data.size() && stdin_fd_ >= 0) {
    const ssize_t n = ::write(stdin_fd_, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

void Child::CloseStdin() {
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
  stdin_fd_ = -1;
}

void Child::CloseStdout() {
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  stdout_fd_ = -1;
}

bool Child::Pump(std::chrono::milliseconds timeout) {
  pollfd fds[2] = {{stdout_fd_, POLLIN, 0}, {stderr_fd_, POLLIN, 0}};
  if (stdout_fd_ < 0 && stderr_fd_ < 0) return false;
  const int ready = ::poll(fds, 2, static_cast<int>(timeout.count()));
  if (ready <= 0) return true;
  if (fds[0].revents != 0) ReadAvailable(&stdout_fd_, &out_);
  if (fds[1].revents != 0) ReadAvailable(&stderr_fd_, &err_);
  return stdout_fd_ >= 0 || stderr_fd_ >= 0;
}

bool Child::WaitForStdout(std::string_view text, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (out_.find(text) == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    if (!Pump(left)) return out_.find(text) != std::string::npos;
  }
  return true;
}

void Child::Kill(int signal_number) {
  if (!reaped_) ::kill(pid_, signal_number);
}

RunResult Child::Wait() {
  if (reaped_) return result_;
  while (Pump(std::chrono::milliseconds(1000))) {
  }
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) Die("waitpid");
  }
  reaped_ = true;
  result_.out = out_;
  result_.err = err_;
  if (WIFEXITED(status)) result_.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result_.term_signal = WTERMSIG(status);
  return result_;
}

RunResult Run(const std::vector<std::string>& argv, std::string_view stdin_data) {
  std::unique_ptr<Child> child = Child::Spawn(argv);
  // A separate writer, so a child that writes much before reading its input
  // cannot deadlock with us.
  std::thread writer([&child, stdin_data] {
    child->WriteStdin(stdin_data);
    child->CloseStdin();
  });
  RunResult result = child->Wait();
  writer.join();
  return result;
}

}  // namespace sealog::testing
