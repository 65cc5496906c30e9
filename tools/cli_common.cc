#include "tools/cli_common.h"

#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

namespace sealog::cli {
namespace {

// Appends `part` to *line with every control character (newlines above all)
// turned into a space, so that one error is always one line.
void AppendOneLine(std::string_view part, std::string* line) {
  for (char c : part) {
    line->push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
  }
}

// True when `path` is missing or is an empty directory: nothing that could be
// a store, so "create it with sealog init" is the right advice.
bool NothingThere(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return !error;
  return std::filesystem::is_directory(path, error) && std::filesystem::is_empty(path, error);
}

}  // namespace

ExitCode ExitCodeFor(const Status& status, bool for_verify) {
  switch (status.code()) {
    case Code::kOk:
      return kOk;
    case Code::kInvalidArgument:
      return kUsage;
    case Code::kCorruption:
    case Code::kTampered:
      return for_verify ? kVerifyFailed : kEnvironment;
    case Code::kNotFound:
    case Code::kIOError:
    case Code::kNoSpace:
    case Code::kBusy:
    case Code::kReadOnly:
      return kEnvironment;
  }
  return kEnvironment;
}

std::string_view AdviceFor(Code code) {
  switch (code) {
    case Code::kOk:
      return "";
    case Code::kInvalidArgument:
      return "see 'sealog COMMAND --help'";
    case Code::kNotFound:
      return "check the path";
    case Code::kCorruption:
    case Code::kTampered:
      return "the store is damaged: copy it aside before trying anything else";
    case Code::kIOError:
      return "check permissions and the disk, then retry";
    case Code::kNoSpace:
      return "free some disk space, then retry";
    case Code::kBusy:
      return "another process is writing to this store; wait for it to finish or stop it";
    case Code::kReadOnly:
      return "an earlier write failed; fix the disk, then reopen the store";
  }
  return "";
}

void PrintError(std::string_view what, std::string_view where, std::string_view todo) {
  std::string line = "sealog: ";
  AppendOneLine(what, &line);
  if (!where.empty()) {
    line += " (";
    AppendOneLine(where, &line);
    line += ")";
  }
  if (!todo.empty()) {
    line += ": ";
    AppendOneLine(todo, &line);
  }
  line += "\n";
  std::fflush(stdout);  // keep stdout and stderr in order on a terminal
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

ExitCode PrintToStdout(std::string_view text) {
  // Both counts: a write failing while the text passes through the buffer
  // shows in fwrite's, one of what is left in the buffer in fflush's.
  const bool written = std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
  const bool flushed = std::fflush(stdout) == 0;
  return written && flushed ? kOk : kEnvironment;
}

ExitCode ReportStatus(const Status& status, std::string_view where) {
  PrintError(status.ToString(), where, AdviceFor(status.code()));
  return ExitCodeFor(status);
}

std::unique_ptr<Store> OpenStoreOrReport(const std::string& path, const Options& options,
                                         ExitCode* exit_code) {
  Result<std::unique_ptr<Store>> store = Store::Open(path, options);
  if (store.ok()) return std::move(store).value();
  const Status& status = store.status();
  *exit_code = ExitCodeFor(status);
  if (status.IsNotFound() && NothingThere(path)) {
    PrintError("no store at " + path, "", "create it with: sealog init " + path);
  } else if (status.IsBusy()) {
    PrintError("store is locked by another writer", path,
               "wait for that sealog append (or program) to finish, or stop it; readers "
               "(export, tail, stats) work meanwhile");
  } else {
    ReportStatus(status, path);
  }
  return nullptr;
}

double MonotonicSeconds() {
  using Clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace sealog::cli
