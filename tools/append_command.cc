// sealog append STORE [FILE...] [--preset P] [--map F=P]... [--durability none|batch|sync]
//   [--on-error stop|skip] [--ack] [--max-event-bytes N]
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "sealog/ingest.h"
#include "sealog/store.h"
#include "tools/appender.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/progress.h"
#include "tools/signal_catcher.h"

namespace sealog::cli {
namespace {

// Bigger events than this are refused by the flag itself; the engine may
// have a lower limit of its own, which it reports per event.
constexpr size_t kMaxEventBytesLimit = 64 << 20;

struct AppendFlags {
  std::string store;
  std::vector<std::string> files;
  std::string preset;
  std::vector<std::string> maps;
  std::string durability = "batch";
  std::string on_error = "stop";
  bool ack = false;
  size_t max_event_bytes = kMaxEventBytesDefault;
};

struct Input {
  int fd;
  std::string name;                    // for messages: the path, or "<stdin>"
  std::optional<uint64_t> file_bytes;  // the size of a regular file; none for a pipe
};

std::optional<uint64_t> RegularFileBytes(int fd) {
  struct stat info;
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
  return static_cast<uint64_t>(info.st_size);
}

// Opens every input before anything is appended, so a mistyped file name
// costs nothing. Returns false after printing the error.
bool OpenInputs(const std::vector<std::string>& files, std::vector<Input>* inputs) {
  if (files.empty()) inputs->push_back({STDIN_FILENO, "<stdin>", RegularFileBytes(STDIN_FILENO)});
  for (const std::string& file : files) {
    if (file == "-") {
      inputs->push_back({STDIN_FILENO, "<stdin>", RegularFileBytes(STDIN_FILENO)});
      continue;
    }
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      PrintError(std::string("cannot open input: ") + std::strerror(errno), file,
                 "check the file name; nothing was appended");
      return false;
    }
    inputs->push_back({fd, file, RegularFileBytes(fd)});
  }
  return true;
}

// The bytes of the inputs that are regular files: the progress bar's total,
// or 0 (no percentage) when one of them is a pipe or a terminal.
uint64_t TotalInputBytes(const std::vector<Input>& inputs) {
  uint64_t total = 0;
  for (const Input& input : inputs) {
    if (!input.file_bytes) return 0;
    total += *input.file_bytes;
  }
  return total;
}

void CloseInputs(const std::vector<Input>& inputs) {
  for (const Input& input : inputs) {
    if (input.fd != STDIN_FILENO) ::close(input.fd);
  }
}

Durability ParseDurability(const std::string& name) {
  if (name == "none") return Durability::kNone;
  if (name == "sync") return Durability::kSync;
  return Durability::kBatch;
}

void PrintSummary(const AppendTotals& totals, double seconds) {
  std::string line = "appended " + std::to_string(totals.appended) + " event";
  if (totals.appended != 1) line += "s";
  if (totals.appended > 0) {
    char rate[96];
    std::snprintf(rate, sizeof(rate), " in %.3f s, %.0f events/s", seconds,
                  seconds > 0 ? static_cast<double>(totals.appended) / seconds : 0.0);
    line +=
        ", seq " + std::to_string(totals.first_seq) + ".." + std::to_string(totals.last_seq) + rate;
  }
  if (totals.skipped > 0) {
    line += "; skipped " + std::to_string(totals.skipped) + " bad line";
    if (totals.skipped != 1) line += "s";
  }
  std::fprintf(stderr, "%s\n", line.c_str());
}

// After a crash, says what recovery cut off (nothing that was acked).
void ReportRecovery(const std::string& path, const RecoveryReport& report) {
  if (report.torn_bytes_dropped == 0) return;
  std::fprintf(stderr,
               "sealog: note: recovered from an interrupted write (%s): dropped %llu bytes of an "
               "incomplete record at offset %llu; every acked event is kept\n",
               path.c_str(), static_cast<unsigned long long>(report.torn_bytes_dropped),
               static_cast<unsigned long long>(report.torn_tail_offset));
}

// Runs the append once inputs, mapping and store are ready.
int AppendAll(Store* store, const AppendFlags& flags, FieldMapping mapping,
              const std::vector<Input>& inputs, SignalCatcher* signals) {
  EventParser parser(std::move(mapping), flags.max_event_bytes);
  AppendSettings settings;
  settings.on_error = flags.on_error == "skip" ? OnError::kSkip : OnError::kStop;
  settings.ack = flags.ack;
  settings.durable_by_flush = ParseDurability(flags.durability) == Durability::kNone;
  settings.max_event_bytes = flags.max_event_bytes;
  settings.records_documents = flags.preset == "cloudtrail";
  settings.signals = signals;
  const double start = MonotonicSeconds();
  AppendTotals totals;
  {
    // Cleared before any message below, error or summary, is printed.
    ProgressBar progress("appended", ProgressUnit::kBytes, TotalInputBytes(inputs));
    uint64_t earlier_inputs_bytes = 0;  // read from the inputs before the current one
    settings.progress = [&](uint64_t bytes) { progress.Update(earlier_inputs_bytes + bytes); };
    Appender appender(store, &parser, settings);
    for (const Input& input : inputs) {
      const int exit_code = appender.AppendFrom(input.fd, input.name);
      if (exit_code != kOk) return exit_code;
      earlier_inputs_bytes += input.file_bytes.value_or(0);
    }
    const int exit_code = appender.Finish();
    if (exit_code != kOk) return exit_code;
    totals = appender.totals();
  }
  PrintSummary(totals, MonotonicSeconds() - start);
  return kOk;
}

int RunAppend(const AppendFlags& flags) {
  FieldMapping mapping = FieldMapping::Default();
  if (!flags.preset.empty()) {
    Result<FieldMapping> preset = FieldMapping::Preset(flags.preset);
    if (!preset.ok()) {
      PrintError(preset.status().message(), "sealog append --preset",
                 "docs/PRESETS.md describes each preset");
      return kUsage;
    }
    mapping = std::move(*preset);
  }
  for (const std::string& spec : flags.maps) {
    Status status = mapping.Override(spec);
    if (!status.ok()) {
      // The message names the flag and what was expected.
      PrintError(status.message(), "", "see 'sealog append --help'");
      return kUsage;
    }
  }
  std::vector<Input> inputs;
  if (!OpenInputs(flags.files, &inputs)) {
    CloseInputs(inputs);
    return kEnvironment;
  }
  // Before the store starts its threads, so that they inherit the mask.
  SignalCatcher signals;
  Options options;
  options.durability = ParseDurability(flags.durability);
  ExitCode open_error = kOk;
  std::unique_ptr<Store> store = OpenStoreOrReport(flags.store, options, &open_error);
  int exit_code = open_error;
  if (store != nullptr) {
    ReportRecovery(flags.store, store->recovery());
    exit_code = AppendAll(store.get(), flags, std::move(mapping), inputs, &signals);
  }
  CloseInputs(inputs);
  return exit_code;
}

}  // namespace

Command AddAppendCommand(CLI::App* parent) {
  auto flags = std::make_shared<AppendFlags>();
  CLI::App* app =
      parent->add_subcommand("append", "Append events (JSON Lines) from files or stdin");
  app->add_option("STORE", flags->store, "The store's directory")->required();
  app->add_option("FILE", flags->files,
                  "Files of JSON Lines to append, in order; - or none: stdin");
  app->add_option("--preset", flags->preset,
                  "Map the fields of a known log source: cloudtrail (also reads S3's "
                  "{\"Records\":[...]} files), k8s, gcp, azure, okta, github, windows "
                  "(docs/PRESETS.md); --map applies on top");
  app->add_option("--map", flags->maps,
                  "FIELD=PATH: take FIELD (time, actor, action, resource, tenant, origin, "
                  "outcome) from this dotted JSON path; repeatable")
      ->type_name("FIELD=PATH")
      ->allow_extra_args(false);
  app->add_option("--durability", flags->durability,
                  "batch: ack after a group commit is on disk (default); sync: sync every "
                  "event; none: leave it to the OS")
      ->check(CLI::IsMember({"none", "batch", "sync"}));
  app->add_option("--on-error", flags->on_error,
                  "stop: stop at the first bad line, keeping every earlier event (default); "
                  "skip: report bad lines and go on")
      ->check(CLI::IsMember({"stop", "skip"}));
  app->add_flag("--ack", flags->ack,
                "Print 'ack SEQ' on stdout each time every event up to SEQ is durable");
  app->add_option("--max-event-bytes", flags->max_event_bytes,
                  "Longest accepted line, in bytes (default 1048576)")
      ->check(CLI::Range(size_t{1}, kMaxEventBytesLimit));
  app->footer(
      "Examples:\n"
      "  sealog append /var/lib/audit events.jsonl\n"
      "  tail -F app.log | sealog append /var/lib/audit --ack\n"
      "  sealog append /var/lib/audit --preset cloudtrail 123456789012_CloudTrail_*.json\n"
      "  sealog append /var/lib/audit --preset k8s /var/log/kubernetes/audit.log\n"
      "  sealog append /var/lib/audit events.jsonl --map actor=user.email "
      "--map resource=target.0.id");
  return {app, [flags] { return RunAppend(*flags); }};
}

}  // namespace sealog::cli
