// sealog stats STORE [--json]: records, seqs, segments, bytes, I/O path.
#include <memory>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "sealog/store.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/record_format.h"

namespace sealog::cli {
namespace {

struct StatsFlags {
  std::string store;
  bool json = false;
};

uint64_t TotalBytes(const StoreStats& stats) {
  uint64_t bytes = 0;
  for (const SegmentInfo& segment : stats.segments) bytes += segment.stored_bytes;
  return bytes;
}

// The segments, records and bytes of each tier; the active segment counts as hot.
struct TierTotals {
  uint64_t segments = 0;
  uint64_t records = 0;
  uint64_t bytes = 0;         // as written
  uint64_t stored_bytes = 0;  // on disk
};

constexpr Tier kTiers[] = {Tier::kHot, Tier::kWarm, Tier::kCold, Tier::kExpired};

TierTotals TotalsOf(const StoreStats& stats, Tier tier) {
  TierTotals totals;
  for (const SegmentInfo& segment : stats.segments) {
    if (segment.tier != tier) continue;
    ++totals.segments;
    totals.records += segment.record_count;
    totals.bytes += segment.size_bytes;
    totals.stored_bytes += segment.stored_bytes;
  }
  return totals;
}

std::string StatsJson(const std::string& path, const std::string& log_id, const StoreStats& stats) {
  std::string out = "{\"store\":";
  AppendJsonString(path, &out);
  out += ",\"log_id\":";
  AppendJsonString(log_id, &out);
  out += fmt::format(
      ",\"format_version\":{},\"records\":{},\"first_seq\":{},\"last_seq\":{},"
      "\"durable_seq\":{},\"bytes\":{},\"io_uring\":{},\"segments\":[",
      FormatVersion(), stats.records, stats.first_seq, stats.last_seq, stats.durable_seq,
      TotalBytes(stats), stats.io_uring);
  for (size_t i = 0; i < stats.segments.size(); ++i) {
    const SegmentInfo& segment = stats.segments[i];
    out += fmt::format(
        "{}{{\"number\":{},\"first_seq\":{},\"records\":{},\"bytes\":{},"
        "\"stored_bytes\":{},\"tier\":\"{}\",\"active\":{}}}",
        i == 0 ? "" : ",", segment.number, segment.first_seq, segment.record_count,
        segment.size_bytes, segment.stored_bytes, TierName(segment.tier), segment.active);
  }
  out += "],\"tiers\":{";
  bool first = true;
  for (Tier tier : kTiers) {
    const TierTotals totals = TotalsOf(stats, tier);
    out += fmt::format(
        "{}\"{}\":{{\"segments\":{},\"records\":{},\"bytes\":{},\"stored_bytes\":{}}}",
        first ? "" : ",", TierName(tier), totals.segments, totals.records, totals.bytes,
        totals.stored_bytes);
    first = false;
  }
  out += "}}\n";
  return out;
}

std::string StatsText(const std::string& path, const std::string& log_id, const StoreStats& stats) {
  std::string out = fmt::format("store        {}\nlog id       {}\non-disk fmt  {}\n", path, log_id,
                                FormatVersion());
  if (stats.records == 0) {
    out += "records      0\n";
  } else {
    out += fmt::format("records      {} (seq {}..{})\n", stats.records, stats.first_seq,
                       stats.last_seq);
  }
  out += fmt::format("durable seq  {}\nbytes        {}\nio_uring     {}\nsegments     {}\n",
                     stats.durable_seq, TotalBytes(stats), stats.io_uring ? "yes" : "no",
                     stats.segments.size());
  if (stats.segments.empty()) return out;
  out += fmt::format("  {:<8}  {:>8}  {:>12}  {:>14}  {:>14}\n", "tier", "segments", "records",
                     "bytes", "on disk");
  for (Tier tier : kTiers) {
    const TierTotals totals = TotalsOf(stats, tier);
    if (totals.segments == 0) continue;
    out += fmt::format("  {:<8}  {:>8}  {:>12}  {:>14}  {:>14}\n", TierName(tier),
                       totals.segments, totals.records, totals.bytes, totals.stored_bytes);
  }
  out += fmt::format("  {:>8}  {:>12}  {:>10}  {:>14}  {:>14}  {}\n", "number", "first seq",
                     "records", "bytes", "on disk", "state");
  for (const SegmentInfo& segment : stats.segments) {
    out += fmt::format("  {:>8}  {:>12}  {:>10}  {:>14}  {:>14}  {}\n", segment.number,
                       segment.first_seq, segment.record_count, segment.size_bytes,
                       segment.stored_bytes, segment.active ? "active" : TierName(segment.tier));
  }
  return out;
}

int RunStats(const StatsFlags& flags) {
  Options options;
  options.read_only = true;
  ExitCode exit_code = kOk;
  std::unique_ptr<Store> store = OpenStoreOrReport(flags.store, options, &exit_code);
  if (store == nullptr) return exit_code;
  const StoreStats stats = store->Stats();
  const std::string text = flags.json ? StatsJson(flags.store, store->log_id(), stats)
                                      : StatsText(flags.store, store->log_id(), stats);
  return PrintToStdout(text);
}

}  // namespace

Command AddStatsCommand(CLI::App* parent) {
  auto flags = std::make_shared<StatsFlags>();
  CLI::App* app = parent->add_subcommand("stats", "Show records, segments and sizes");
  app->add_option("STORE", flags->store, "The store's directory")->required();
  app->add_flag("--json", flags->json, "One JSON object instead of text");
  app->footer(
      "Examples:\n"
      "  sealog stats /var/lib/audit\n"
      "  sealog stats /var/lib/audit --json | jq .records");
  return {app, [flags] { return RunStats(*flags); }};
}

}  // namespace sealog::cli
