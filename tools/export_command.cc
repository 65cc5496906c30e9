// sealog export STORE [--format raw|jsonl] [--out FILE]: streams every record.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "sealog/store.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/output.h"
#include "tools/record_format.h"
#include "tools/record_stream.h"

namespace sealog::cli {
namespace {

struct ExportFlags {
  std::string store;
  std::string format = "jsonl";
  std::string out;
  // Reserved for when the indexes land; refused until then.
  std::string since;
  std::string until;
  std::string query;
};

// The name of the first reserved flag given, or nullptr.
const char* ReservedFlagGiven(const ExportFlags& flags) {
  if (!flags.since.empty()) return "--since";
  if (!flags.until.empty()) return "--until";
  if (!flags.query.empty()) return "--query";
  return nullptr;
}

// "exported 40960 of 100000 records (41%)" on one line of a terminal.
class ProgressLine {
 public:
  explicit ProgressLine(uint64_t total) : total_(total), shown_(::isatty(STDERR_FILENO) == 1) {}
  ~ProgressLine() {
    if (drawn_) std::fprintf(stderr, "\r\033[K");
  }
  void Update(uint64_t written) {
    if (!shown_ || total_ == 0) return;
    const double now = MonotonicSeconds();
    if (now - last_draw_ < 0.2) return;
    last_draw_ = now;
    drawn_ = true;
    std::fprintf(stderr, "\rexported %llu of %llu records (%llu%%)",
                 static_cast<unsigned long long>(written), static_cast<unsigned long long>(total_),
                 static_cast<unsigned long long>(written * 100 / total_));
  }

 private:
  const uint64_t total_;
  const bool shown_;
  bool drawn_ = false;
  double last_draw_ = 0;
};

Result<std::unique_ptr<Output>> OpenOutput(const std::string& path) {
  if (path.empty() || path == "-") return Output::Stdout();
  return Output::ToFile(path);
}

int RunExport(const ExportFlags& flags) {
  if (const char* reserved = ReservedFlagGiven(flags); reserved != nullptr) {
    PrintError(std::string(reserved) + " is not available yet", "sealog export",
               "export everything and filter it, e.g. with jq, for now");
    return kUsage;
  }
  const std::optional<RecordFormat> format = ParseRecordFormat(flags.format);
  if (!format.has_value()) {
    if (FormatIsPlanned(flags.format)) {
      PrintError("format " + flags.format + " is not available yet", "sealog export --format",
                 "use --format jsonl or --format raw");
    } else {
      PrintError("unknown format " + flags.format, "sealog export --format",
                 "use --format jsonl or --format raw");
    }
    return kUsage;
  }
  Options options;
  options.read_only = true;
  ExitCode exit_code = kOk;
  std::unique_ptr<Store> store = OpenStoreOrReport(flags.store, options, &exit_code);
  if (store == nullptr) return exit_code;
  Result<std::unique_ptr<Output>> output = OpenOutput(flags.out);
  if (!output.ok()) return ReportStatus(output.status(), "--out " + flags.out);

  const StoreStats stats = store->Stats();
  uint64_t written = 0;
  Status status;
  {
    ProgressLine progress(stats.records);
    status = StreamRecords(store.get(), stats.first_seq, stats.last_seq, *format, output->get(),
                           &written, [&progress](uint64_t n) { progress.Update(n); });
  }
  if (status.ok()) status = (*output)->Commit();
  if (status.ok()) return kOk;
  if ((*output)->closed_by_reader()) return kOk;  // e.g. `sealog export S | head`
  return ReportStatus(status, flags.store + ", after " + std::to_string(written) + " records");
}

}  // namespace

Command AddExportCommand(CLI::App* parent) {
  auto flags = std::make_shared<ExportFlags>();
  CLI::App* app = parent->add_subcommand("export", "Write out every record, in seq order");
  app->add_option("STORE", flags->store, "The store's directory")->required();
  app->add_option("--format", flags->format,
                  "jsonl: one object per record (default); raw: the original lines");
  app->add_option("--out", flags->out,
                  "Write to this file (replaced only once the export is complete); "
                  "default stdout");
  app->add_option("--since", flags->since, "Records from this time on (not available yet)");
  app->add_option("--until", flags->until, "Records before this time (not available yet)");
  app->add_option("--query", flags->query, "Records matching EXPR (not available yet)");
  app->footer(
      "Examples:\n"
      "  sealog export /var/lib/audit --format raw > events.jsonl\n"
      "  sealog export /var/lib/audit --out audit.jsonl");
  return {app, [flags] { return RunExport(*flags); }};
}

}  // namespace sealog::cli
