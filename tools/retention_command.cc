// sealog retention STORE run [--now T] [--dry-run]: moves sealed segments to
// the tiers the store's config.toml says they are due for (sealog/retention.h).
// `sealog retention run STORE` is accepted too.
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "sealog/ingest.h"
#include "sealog/query.h"
#include "sealog/retention.h"
#include "sealog/store.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/progress.h"

namespace sealog::cli {
namespace {

struct RetentionFlags {
  std::vector<std::string> words;  // STORE run, or run STORE
  std::string now;
  bool dry_run = false;
};

std::string Ratio(uint64_t before, uint64_t after) {
  return after == 0 ? "" : fmt::format(", {:.1f}x smaller", static_cast<double>(before) / after);
}

std::string StepLine(const RetentionStep& step, bool dry_run) {
  if (step.to == Tier::kExpired) {
    return fmt::format("{} {} segment {} (seq {}..{}, sealed {}): {}{}\n",
                       dry_run ? "would delete" : "deleted", TierName(step.from), step.segment,
                       step.first_seq, step.last_seq, FormatRfc3339(step.sealed_ns),
                       FormatBytes(step.bytes_before),
                       dry_run ? "" : ", receipt appended to the log");
  }
  std::string line = fmt::format("{} {} segment {} (seq {}..{}, sealed {}): {}",
                                 dry_run ? "would move" : "moved", TierName(step.from),
                                 step.segment, step.first_seq, step.last_seq,
                                 FormatRfc3339(step.sealed_ns), FormatBytes(step.bytes_before));
  line += fmt::format(" to {}", TierName(step.to));
  if (!dry_run) {
    line += fmt::format(" ({}{})", FormatBytes(step.bytes_after),
                        Ratio(step.bytes_before, step.bytes_after));
  }
  return line + "\n";
}

std::string Summary(const std::string& store, const RetentionReport& report) {
  uint64_t before = 0;
  uint64_t after = 0;
  uint64_t moved = 0;
  uint64_t deleted = 0;
  uint64_t deleted_bytes = 0;
  for (const RetentionStep& step : report.steps) {
    if (step.to == Tier::kExpired) {
      ++deleted;
      deleted_bytes += step.bytes_before;
      continue;
    }
    ++moved;
    before += step.bytes_before;
    after += step.bytes_after;
  }
  const auto segments = [](uint64_t n) { return fmt::format("{} segment{}", n, n == 1 ? "" : "s"); };
  std::string out = fmt::format("retention of {} at {}{}: ", store, FormatRfc3339(report.now_ns),
                                report.dry_run ? " (dry run)" : "");
  std::vector<std::string> parts;
  if (moved > 0) {
    parts.push_back(report.dry_run ? fmt::format("{} would move, {}", segments(moved),
                                                 FormatBytes(before))
                                   : fmt::format("{} moved, {} now take {}", segments(moved),
                                                 FormatBytes(before), FormatBytes(after)));
  }
  if (deleted > 0) {
    parts.push_back(fmt::format("{} {}, {}{}", segments(deleted),
                                report.dry_run ? "would be deleted" : "deleted",
                                FormatBytes(deleted_bytes),
                                report.dry_run ? "" : " freed (receipt in the log)"));
  }
  if (parts.empty()) parts.push_back("nothing is due");
  for (size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : "; ") + parts[i];
  if (report.unsealed > 0) {
    out += fmt::format("; {} unsealed segment{} left in place (opening the store seals them)",
                       report.unsealed, report.unsealed == 1 ? "" : "s");
  }
  if (report.held > 0) {
    out += fmt::format("; {} segment{} past delete_after kept for a legal hold (sealog hold list)",
                       report.held, report.held == 1 ? "" : "s");
  }
  if (report.kept_in_archives > 0) {
    out += fmt::format("; {} cold segment{} past delete_after kept with the rest of {} archive",
                       report.kept_in_archives, report.kept_in_archives == 1 ? "" : "s",
                       report.kept_in_archives == 1 ? "its" : "their");
  }
  return out + "\n";
}

int RunRetention(const RetentionFlags& flags) {
  std::string store_path;
  if (flags.words.size() == 2 && flags.words[1] == "run") {
    store_path = flags.words[0];
  } else if (flags.words.size() == 2 && flags.words[0] == "run") {
    store_path = flags.words[1];
  } else {
    PrintError("expected 'sealog retention STORE run'", "", "run 'sealog retention --help'");
    return kUsage;
  }
  RetentionOptions options;
  options.dry_run = flags.dry_run;
  if (!flags.now.empty()) {
    Result<int64_t> now = ParseTimeValue(flags.now, NowNanos());
    if (!now.ok()) {
      PrintError("--now: " + now.status().message(), flags.now, "give an RFC 3339 time");
      return kUsage;
    }
    options.now_ns = *now;
  }
  ExitCode exit_code = kOk;
  std::unique_ptr<Store> store = OpenStoreOrReport(store_path, Options(), &exit_code);
  if (store == nullptr) return exit_code;
  ProgressBar progress("retention", ProgressUnit::kBytes);
  options.progress = [&progress](uint64_t done, uint64_t total) {
    progress.set_total(total);
    progress.Update(done);
  };
  Result<RetentionReport> report = store->RunRetention(options);
  if (!report.ok()) return ReportStatus(report.status(), store_path);
  std::string out;
  for (const RetentionStep& step : report->steps) out += StepLine(step, report->dry_run);
  out += Summary(store_path, *report);
  return PrintToStdout(out);
}

}  // namespace

Command AddRetentionCommand(CLI::App* parent) {
  auto flags = std::make_shared<RetentionFlags>();
  CLI::App* app = parent->add_subcommand(
      "retention", "Move sealed segments to the tiers the store's config says they are due for");
  app->add_option("STORE run", flags->words, "The store's directory, then 'run'")
      ->required()
      ->expected(2);
  app->add_option("--now", flags->now,
                  "Judge ages as at this time (RFC 3339) instead of the clock");
  app->add_flag("--dry-run", flags->dry_run, "Only say what would be moved");
  app->footer(
      "Ages count from each segment's seal time, and the store's config.toml sets them\n"
      "([retention] warm_after, default 7d). A warm segment is compressed in zstd frames,\n"
      "checked against its seal, and only then replaces the hot file; queries and verify\n"
      "read it as before. Appends may not run meanwhile from another process (the store's\n"
      "lock); embedders call Store::RunRetention from their own process.\n"
      "Examples:\n"
      "  sealog retention /var/lib/audit run --dry-run\n"
      "  sealog retention /var/lib/audit run --now 2027-06-01T00:00:00Z");
  return {app, [flags] { return RunRetention(*flags); }};
}

}  // namespace sealog::cli
