// sealog query STORE EXPR [--format F] [--limit N] [--after SEQ] [--reverse]
// [--count]: the records matching a query (docs/QUERY.md), in seq order.
#include <cstdio>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "sealog/query.h"
#include "sealog/store.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/output.h"
#include "tools/record_format.h"
#include "tools/record_stream.h"

namespace sealog::cli {
namespace {

struct QueryFlags {
  std::string store;
  std::string expression;
  std::string format = "jsonl";
  uint64_t limit = 0;
  uint64_t after = 0;
  bool reverse = false;
  bool count = false;
};

void PrintWarnings(const QueryStats& stats) {
  for (const std::string& warning : stats.warnings) {
    std::fprintf(stderr, "sealog: warning: %s\n", warning.c_str());
  }
}

int RunQuery(const QueryFlags& flags) {
  const std::optional<RecordFormat> format = ParseFormatFlag(flags.format, "sealog query");
  if (!format.has_value()) return kUsage;
  Options options;
  options.read_only = true;
  ExitCode exit_code = kOk;
  std::unique_ptr<Store> store = OpenStoreOrReport(flags.store, options, &exit_code);
  if (store == nullptr) return exit_code;

  QueryOptions query_options;
  query_options.limit = flags.limit;
  query_options.after = flags.after;
  query_options.reverse = flags.reverse;
  if (flags.count) {
    Result<uint64_t> count = store->Count(flags.expression, query_options);
    if (!count.ok()) return ReportStatus(count.status(), "query \"" + flags.expression + "\"");
    std::printf("%llu\n", static_cast<unsigned long long>(*count));
    return kOk;
  }
  Result<std::unique_ptr<QueryCursor>> cursor = store->Query(flags.expression, query_options);
  if (!cursor.ok()) return ReportStatus(cursor.status(), "query \"" + flags.expression + "\"");
  std::unique_ptr<Output> output = Output::Stdout();
  const RecordWriter writer(*format);
  writer.AppendHeader(output->buffer());
  uint64_t written = 0;
  Status status = StreamIterator(**cursor, writer, output.get(), &written);
  PrintWarnings((*cursor)->stats());
  if (status.ok() || output->closed_by_reader()) return kOk;
  return ReportStatus(status, flags.store + ", after " + std::to_string(written) + " records");
}

}  // namespace

Command AddQueryCommand(CLI::App* parent) {
  auto flags = std::make_shared<QueryFlags>();
  CLI::App* app = parent->add_subcommand("query", "Print the records matching a query");
  app->add_option("STORE", flags->store, "The store's directory")->required();
  app->add_option("EXPR", flags->expression, "The query (docs/QUERY.md)")->required();
  app->add_option("--format", flags->format, kFormatHelp);
  app->add_option("--limit", flags->limit, "Print at most N records");
  app->add_option("--after", flags->after,
                  "Only records after this seq in output order (for paging)");
  app->add_flag("--reverse", flags->reverse, "Newest first");
  app->add_flag("--count", flags->count, "Print only how many records match");
  app->footer(
      "Examples:\n"
      "  sealog query /var/lib/audit 'actor:alice@example.com action:resource.delete'\n"
      "  sealog query /var/lib/audit 'outcome:failure AND time:>now-24h' --count\n"
      "  sealog query /var/lib/audit 'resource:res/0000123' --reverse --limit 10\n"
      "  sealog query /var/lib/audit 'action:Delete*' --format table");
  return {app, [flags] { return RunQuery(*flags); }};
}

}  // namespace sealog::cli
