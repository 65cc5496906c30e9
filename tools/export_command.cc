// sealog export STORE [--format F] [--since T] [--until T]
// [--query EXPR] [--out FILE]: streams every record, or those matching.
#include <cstdio>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "sealog/query.h"
#include "sealog/store.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/output.h"
#include "tools/progress.h"
#include "tools/record_format.h"
#include "tools/record_stream.h"

namespace sealog::cli {
namespace {

struct ExportFlags {
  std::string store;
  std::string format = "jsonl";
  std::string out;
  std::string since;
  std::string until;
  std::string query;
};

// The window --since and --until ask for (--until is exclusive).
Status WindowOf(const ExportFlags& flags, QueryOptions* options) {
  const int64_t now = NowNanos();
  if (!flags.since.empty()) {
    Result<int64_t> since = ParseTimeValue(flags.since, now);
    if (!since.ok()) return Status::InvalidArgument("--since: " + since.status().message());
    options->since_ns = *since;
  }
  if (!flags.until.empty()) {
    Result<int64_t> until = ParseTimeValue(flags.until, now);
    if (!until.ok()) return Status::InvalidArgument("--until: " + until.status().message());
    options->until_ns = *until - 1;
  }
  return Status::Ok();
}

Result<std::unique_ptr<Output>> OpenOutput(const std::string& path) {
  if (path.empty() || path == "-") return Output::Stdout();
  return Output::ToFile(path);
}

int RunExport(const ExportFlags& flags) {
  const std::optional<RecordFormat> format = ParseFormatFlag(flags.format, "sealog export");
  if (!format.has_value()) return kUsage;
  QueryOptions selection;
  const Status window = WindowOf(flags, &selection);
  if (!window.ok()) return ReportStatus(window, "sealog export");
  const bool everything = flags.query.empty() && flags.since.empty() && flags.until.empty();
  Options options;
  options.read_only = true;
  ExitCode exit_code = kOk;
  std::unique_ptr<Store> store = OpenStoreOrReport(flags.store, options, &exit_code);
  if (store == nullptr) return exit_code;
  Result<std::unique_ptr<Output>> output = OpenOutput(flags.out);
  if (!output.ok()) return ReportStatus(output.status(), "--out " + flags.out);

  const StoreStats stats = store->Stats();
  std::unique_ptr<Iterator> records;
  if (everything) {
    records = store->Scan(stats.first_seq, stats.last_seq);
  } else {
    Result<std::unique_ptr<QueryCursor>> cursor =
        store->Query(flags.query.empty() ? "*" : flags.query, selection);
    if (!cursor.ok()) return ReportStatus(cursor.status(), "sealog export --query");
    records = std::move(*cursor);
  }
  const RecordWriter writer(*format);
  writer.AppendHeader((*output)->buffer());
  uint64_t written = 0;
  Status status;
  {
    // With a selection the total is unknown in advance: no percentage then.
    ProgressBar progress("exported", ProgressUnit::kRecords, everything ? stats.records : 0);
    status = StreamIterator(*records, writer, output->get(), &written,
                            [&progress](uint64_t n) { progress.Update(n); });
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
  app->add_option("--format", flags->format, kFormatHelp);
  app->add_option("--out", flags->out,
                  "Write to this file (replaced only once the export is complete); "
                  "default stdout");
  app->add_option("--since", flags->since, "Records from this time on (RFC 3339, now-24h)");
  app->add_option("--until", flags->until, "Records before this time (RFC 3339, now-1h)");
  app->add_option("--query", flags->query, "Only records matching EXPR (docs/QUERY.md)");
  app->footer(
      "Examples:\n"
      "  sealog export /var/lib/audit --format raw > events.jsonl\n"
      "  sealog export /var/lib/audit --out audit.jsonl\n"
      "  sealog export /var/lib/audit --format cef --since now-1h | nc siem.example.com 514\n"
      "  sealog export /var/lib/audit --format csv --query 'action:Delete*' --out deletes.csv\n"
      "  sealog export /var/lib/audit --since now-7d --query 'outcome:failure' --format raw");
  return {app, [flags] { return RunExport(*flags); }};
}

}  // namespace sealog::cli
