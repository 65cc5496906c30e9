// Running a program in tests: with given stdin bytes to completion (Run), or
// with pipes kept open to talk to it and kill it (Child).
#ifndef SEALOG_TESTS_TOOLS_SUBPROCESS_H_
#define SEALOG_TESTS_TOOLS_SUBPROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sealog::testing {

struct RunResult {
  int exit_code = -1;   // when the program exited; -1 when a signal ended it
  int term_signal = 0;  // the signal that ended it, or 0
  std::string out;      // everything it wrote to stdout
  std::string err;      // and to stderr
};

// Runs argv (argv[0] is a path) with `stdin_data` on its stdin, which is
// closed after the data, and waits for it to end.
RunResult Run(const std::vector<std::string>& argv, std::string_view stdin_data = {});

// A running program with pipes to its stdin, stdout and stderr. The pipes
// are close-on-exec on our side, so other children never hold them open.
// The destructor kills (SIGKILL) and reaps a child still running.
class Child {
 public:
  // Starts argv. Aborts the test process when the program cannot be started.
  static std::unique_ptr<Child> Spawn(const std::vector<std::string>& argv);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }

  // Writes all of data to the child's stdin, blocking while the pipe is full.
  // Returns how many bytes went into the pipe: fewer than data.size() when
  // the child went away (EPIPE). Callable from another thread than Pump.
  size_t WriteStdin(std::string_view data);
  void CloseStdin();
  // Closes our end of the child's stdout: its next write fails with EPIPE.
  void CloseStdout();

  // Collects what the child wrote to stdout and stderr for up to `timeout`,
  // returning early once something arrived or both reached EOF. Returns false
  // once both are at EOF.
  bool Pump(std::chrono::milliseconds timeout);
  // Pumps until stdout holds `text` or `timeout` passes; true when found.
  bool WaitForStdout(std::string_view text, std::chrono::milliseconds timeout);
  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }

  void Kill(int signal_number);
  // Reads stdout and stderr to EOF, then reaps the child. Returns the result
  // with everything collected since the start.
  RunResult Wait();

 private:
  Child() = default;

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  std::string out_;
  std::string err_;
  bool reaped_ = false;
  RunResult result_;
};

}  // namespace sealog::testing

#endif  // SEALOG_TESTS_TOOLS_SUBPROCESS_H_
