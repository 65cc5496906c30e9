// What every sealog command shares: exit codes, error lines, printing to
// stdout, opening a store.
//
// Errors follow SPEC.md: one line on stderr,
//   sealog: <what> (<where>): <what to do>
// so scripts can grep them and people know what to try next.
#ifndef SEALOG_TOOLS_CLI_COMMON_H_
#define SEALOG_TOOLS_CLI_COMMON_H_

#include <memory>
#include <string>
#include <string_view>

#include "sealog/options.h"
#include "sealog/status.h"
#include "sealog/store.h"

namespace sealog::cli {

// The exit codes of SPEC.md, the same for every command.
enum ExitCode : int {
  kOk = 0,            // success (verify: no evidence of tampering or corruption)
  kVerifyFailed = 1,  // verify / check-proof: tampering or corruption found
  kUsage = 2,         // bad flag, bad JSON line, bad query, bad config
  kEnvironment = 3,   // store missing or locked, permission, disk full, I/O error
  kStrict = 4,        // verify --strict: unsealed records or no anchor
};

// The exit code for a failed Status. Corruption and tampering mean "the store
// is damaged" (3) for every command but verify, which reports them as its
// finding (1): pass for_verify = true there.
ExitCode ExitCodeFor(const Status& status, bool for_verify = false);

// Prints "sealog: <what> (<where>): <todo>" as one line on stderr. Empty
// `where` or `todo` parts are left out with their punctuation. Newlines in
// the parts are replaced by spaces so the error stays one line.
void PrintError(std::string_view what, std::string_view where, std::string_view todo);

// Writes `text` to stdout and flushes it, so that it is out before anything
// that follows (an error line on stderr, the exit). kOk, or kEnvironment
// when stdout did not take all of it: a full disk, or a reader gone (SIGPIPE
// is ignored, so that shows up here as EPIPE).
ExitCode PrintToStdout(std::string_view text);

// Prints a failed Status as an error line (its message is the "what", `where`
// names the store or file) with advice chosen by its code, and returns the
// exit code for it.
ExitCode ReportStatus(const Status& status, std::string_view where);

// What to do about an error of this code, e.g. "free some disk space, then retry".
std::string_view AdviceFor(Code code);

// Opens the store at `path`. On failure prints the error line (e.g. "no store
// at PATH (create it with: sealog init PATH)", or that another writer holds
// it), sets *exit_code and returns null.
std::unique_ptr<Store> OpenStoreOrReport(const std::string& path, const Options& options,
                                         ExitCode* exit_code);

// Seconds since some fixed point, for throughput summaries.
double MonotonicSeconds();
// The wall clock, UTC nanoseconds since the epoch: what "now" means in
// queries and time flags.
int64_t NowNanos();

}  // namespace sealog::cli

#endif  // SEALOG_TOOLS_CLI_COMMON_H_
