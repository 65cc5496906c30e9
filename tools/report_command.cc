// sealog report STORE [--since T] [--until T] [--query EXPR] --by FIELD
// [--top N] [--json]: records of a time range (that match EXPR) counted by
// the values of one field.
#include <cstdio>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "sealog/query.h"
#include "sealog/store.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/record_format.h"

namespace sealog::cli {
namespace {

struct ReportFlags {
  std::string store;
  std::string by;
  std::string since;
  std::string until;
  std::string query;
  size_t top = 0;
  bool json = false;
};

// A table for people: a header, then COUNT, the share of the records in the
// range, and the value; the totals go to stderr. The exit code is
// PrintToStdout's.
ExitCode PrintText(const FieldReport& report, const ReportFlags& flags) {
  std::string out = fmt::format("{:>12}  {:>6}  {}\n", "count", "share", flags.by);
  for (const ReportRow& row : report.rows) {
    const double share = 100.0 * static_cast<double>(row.count) / static_cast<double>(report.records);
    out += fmt::format("{:>12}  {:>5.1f}%  {}\n", row.count, share, row.value);
  }
  const ExitCode printed = PrintToStdout(out);
  std::fprintf(stderr, "%llu records, %llu distinct %s values, %llu without one\n",
               static_cast<unsigned long long>(report.records),
               static_cast<unsigned long long>(report.distinct), flags.by.c_str(),
               static_cast<unsigned long long>(report.absent));
  return printed;
}

ExitCode PrintJson(const FieldReport& report, const ReportFlags& flags) {
  std::string out = "{\"by\":";
  AppendJsonString(flags.by, &out);
  out += ",\"records\":" + std::to_string(report.records);
  out += ",\"absent\":" + std::to_string(report.absent);
  out += ",\"distinct\":" + std::to_string(report.distinct) + ",\"rows\":[";
  for (size_t i = 0; i < report.rows.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"value\":";
    AppendJsonString(report.rows[i].value, &out);
    out += ",\"count\":" + std::to_string(report.rows[i].count) + "}";
  }
  out += "]}\n";
  return PrintToStdout(out);
}

int RunReport(const ReportFlags& flags) {
  ReportOptions options;
  const std::optional<Field> field = FieldOfName(flags.by);
  if (!field.has_value()) {
    PrintError("unknown field \"" + flags.by + "\"", "sealog report --by",
               "use actor, action, resource, tenant, origin or outcome");
    return kUsage;
  }
  options.by = *field;
  Options store_options;
  store_options.read_only = true;
  ExitCode exit_code = kOk;
  std::unique_ptr<Store> store = OpenStoreOrReport(flags.store, store_options, &exit_code);
  if (store == nullptr) return exit_code;
  const int64_t now = NowNanos();
  if (!flags.since.empty()) {
    Result<int64_t> since = ParseTimeValue(flags.since, now);
    if (!since.ok()) return ReportStatus(since.status(), "sealog report --since");
    options.since_ns = *since;
  }
  if (!flags.until.empty()) {
    Result<int64_t> until = ParseTimeValue(flags.until, now);
    if (!until.ok()) return ReportStatus(until.status(), "sealog report --until");
    options.until_ns = *until - 1;  // --until is exclusive
  }
  options.top = flags.top;
  options.query = flags.query;
  options.now_ns = now;
  Result<FieldReport> report = store->Report(options);
  if (!report.ok()) {
    const bool bad_query = report.status().IsInvalidArgument() && !flags.query.empty();
    return ReportStatus(report.status(), bad_query ? "sealog report --query" : flags.store);
  }
  return flags.json ? PrintJson(*report, flags) : PrintText(*report, flags);
}

}  // namespace

Command AddReportCommand(CLI::App* parent) {
  auto flags = std::make_shared<ReportFlags>();
  CLI::App* app = parent->add_subcommand("report", "Count records by the values of a field");
  app->add_option("STORE", flags->store, "The store's directory")->required();
  app->add_option("--by", flags->by, "actor, action, resource, tenant, origin or outcome")
      ->required();
  app->add_option("--since", flags->since, "Records from this time on (RFC 3339, now-24h)");
  app->add_option("--until", flags->until, "Records before this time (RFC 3339, now-1h)");
  app->add_option("--query", flags->query, "Only records matching EXPR (docs/QUERY.md)");
  app->add_option("--top", flags->top, "Only the N most frequent values");
  app->add_flag("--json", flags->json, "One JSON object instead of a table");
  app->footer(
      "Examples:\n"
      "  sealog report /var/lib/audit --by actor --top 10 --since now-24h\n"
      "  sealog report /var/lib/audit --by outcome --since 2026-03-03T00:00:00Z\n"
      "  sealog report /var/lib/audit --by actor --query 'action:DeleteBucket'\n"
      "  sealog report /var/lib/audit --by origin --query 'outcome:failure' --json");
  return {app, [flags] { return RunReport(*flags); }};
}

}  // namespace sealog::cli
