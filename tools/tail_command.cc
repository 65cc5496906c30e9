// sealog tail STORE [-n N] [-f] [--format F]: the last records, and
// with -f the new ones as another process appends them.
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <CLI/CLI.hpp>

#include "sealog/store.h"
#include "tools/change_watcher.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/output.h"
#include "tools/record_format.h"
#include "tools/record_stream.h"

namespace sealog::cli {
namespace {

// -f looks at the store at least this often, even when inotify says nothing.
constexpr std::chrono::milliseconds kFollowPoll{1000};
// and at most this often, so a busy writer does not make us reopen the store
// for every group commit.
constexpr std::chrono::milliseconds kFollowMinInterval{20};

struct TailFlags {
  std::string store;
  uint64_t lines = 10;
  bool follow = false;
  std::string format = "jsonl";
};

// What a batch of printing ended with.
enum class Printed { kOk, kReaderGone, kFailed };

// Prints records [first, last] and reports any error. *exit_code is set when
// the result is kFailed.
Printed PrintRange(Store* store, const std::string& path, uint64_t first, uint64_t last,
                   const RecordWriter& writer, Output* output, int* exit_code) {
  uint64_t written = 0;
  const Status status = StreamRecords(store, first, last, writer, output, &written);
  if (status.ok()) return Printed::kOk;
  if (output->closed_by_reader()) return Printed::kReaderGone;
  *exit_code = ReportStatus(status, path);
  return Printed::kFailed;
}

// Read-only opens see the store as it was when opened, so following means
// reopening: cheap, and it needs nothing from the writer.
int Follow(const TailFlags& flags, ChangeWatcher* watcher, uint64_t next,
           const RecordWriter& writer, Output* output) {
  Options options;
  options.read_only = true;
  while (true) {
    const ChangeWatcher::Wake wake = watcher->Wait(kFollowPoll);
    if (wake == ChangeWatcher::Wake::kInterrupted || wake == ChangeWatcher::Wake::kOutputClosed) {
      return kOk;
    }
    ExitCode exit_code = kOk;
    std::unique_ptr<Store> store = OpenStoreOrReport(flags.store, options, &exit_code);
    if (store == nullptr) return exit_code;
    const uint64_t last = store->Stats().last_seq;
    if (last >= next) {
      int print_error = kOk;
      switch (PrintRange(store.get(), flags.store, next, last, writer, output, &print_error)) {
        case Printed::kOk:
          break;
        case Printed::kReaderGone:
          return kOk;
        case Printed::kFailed:
          return print_error;
      }
      next = last + 1;
    }
    store.reset();
    std::this_thread::sleep_for(kFollowMinInterval);
  }
}

int RunTail(const TailFlags& flags) {
  const std::optional<RecordFormat> format = ParseFormatFlag(flags.format, "sealog tail");
  if (!format.has_value()) return kUsage;
  // Before the store is opened: the watcher must block signals before any
  // thread exists (change_watcher.h).
  std::unique_ptr<ChangeWatcher> watcher;
  if (flags.follow) watcher = std::make_unique<ChangeWatcher>(flags.store);

  Options options;
  options.read_only = true;
  ExitCode exit_code = kOk;
  std::unique_ptr<Store> store = OpenStoreOrReport(flags.store, options, &exit_code);
  if (store == nullptr) return exit_code;
  const StoreStats stats = store->Stats();
  std::unique_ptr<Output> output = Output::Stdout();
  const RecordWriter writer(*format);
  writer.AppendHeader(output->buffer());
  if (flags.lines > 0 && stats.records > 0) {
    const uint64_t first = stats.last_seq - stats.first_seq + 1 > flags.lines
                               ? stats.last_seq - flags.lines + 1
                               : stats.first_seq;
    int print_error = kOk;
    switch (PrintRange(store.get(), flags.store, first, stats.last_seq, writer, output.get(),
                       &print_error)) {
      case Printed::kOk:
        break;
      case Printed::kReaderGone:
        return kOk;
      case Printed::kFailed:
        return print_error;
    }
  }
  store.reset();
  // The header of csv and table, when no record came with it.
  if (!output->Flush())
    return output->closed_by_reader() ? kOk : ReportStatus(output->status(), "stdout");
  if (!flags.follow) return kOk;
  return Follow(flags, watcher.get(), stats.last_seq + 1, writer, output.get());
}

}  // namespace

Command AddTailCommand(CLI::App* parent) {
  auto flags = std::make_shared<TailFlags>();
  CLI::App* app = parent->add_subcommand("tail", "Print the last records; -f follows new ones");
  app->add_option("STORE", flags->store, "The store's directory")->required();
  app->add_option("-n,--lines", flags->lines, "How many of the last records (default 10)")
      ->check(CLI::Validator(
          [](const std::string& text) -> std::string {
            if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) {
              return "";
            }
            return "expected a number of records (0 or more), not " + text;
          },
          "N"));
  app->add_flag("-f,--follow", flags->follow,
                "Keep printing records as another process appends them; ends on Ctrl-C");
  app->add_option("--format", flags->format, kFormatHelp);
  app->footer(
      "Examples:\n"
      "  sealog tail /var/lib/audit -n 50\n"
      "  sealog tail /var/lib/audit -f | jq .actor");
  return {app, [flags] { return RunTail(*flags); }};
}

}  // namespace sealog::cli
