#include "bench/tiers_bench.h"

#include <stdlib.h>

#include <zstd.h>

#include <array>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "bench/bench_report.h"
#include "bench/event_set.h"
#include "bench/scratch_dir.h"
#include "sealog/query.h"
#include "sealog/retention.h"
#include "sealog/store.h"

namespace sealog::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void Progress(const TiersBenchOptions& options, const std::string& line) {
  if (options.progress) fmt::print(stderr, "{}\n", line);
}

// The events as the JSON Lines file they came from.
std::string JsonLines(const EventSet& set) {
  std::string lines;
  lines.reserve(set.json_bytes() + set.size());
  for (const Event& event : set.events()) lines.append(event.raw).push_back('\n');
  return lines;
}

// What `zstd -<level>` makes of the lines: one frame, one thread, in memory.
Result<TierSpaceFigure> Zstd(const std::string& lines, int level) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  if (cctx == nullptr) return Status::IOError("zstd: cannot create a context");
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
  std::string out(ZSTD_compressBound(lines.size()), '\0');
  const Clock::time_point start = Clock::now();
  const size_t n = ZSTD_compress2(cctx, out.data(), out.size(), lines.data(), lines.size());
  const double seconds = SecondsSince(start);
  ZSTD_freeCCtx(cctx);
  if (ZSTD_isError(n)) return Status::IOError(std::string("zstd: ") + ZSTD_getErrorName(n));
  TierSpaceFigure figure;
  figure.name = "zstd-" + std::to_string(level);
  figure.bytes = n;
  figure.seconds = seconds;
  figure.input_bytes = lines.size();
  return figure;
}

// Bytes of the files of dir ending in `data` (the segments) and in ".idx".
Result<TierSpaceFigure> Space(const std::string& dir, const std::string& name,
                              const std::string& data) {
  TierSpaceFigure figure;
  figure.name = name;
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const std::string file = it->path().filename().string();
    const uint64_t size = it->file_size(error);
    if (file.ends_with(data)) figure.bytes += size;
    if (file.ends_with(".idx")) figure.index_bytes += size;
  }
  if (error) return Status::IOError("list " + dir + ": " + error.message());
  return figure;
}

// Moves every sealed segment warm: retention as if 8 days had passed, past
// the default warm_after of 7 days.
Result<TierSpaceFigure> MoveWarm(const std::string& dir, uint64_t hot_bytes) {
  Result<std::unique_ptr<Store>> store = Store::Open(dir, Options());
  if (!store.ok()) return store.status();
  RetentionOptions retention;
  constexpr int64_t kEightDaysNs = 8 * 86'400'000'000'000;
  retention.now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count() +
                     kEightDaysNs;
  const Clock::time_point start = Clock::now();
  Result<RetentionReport> report = (*store)->RunRetention(retention);
  const double seconds = SecondsSince(start);
  if (!report.ok()) return report.status();
  if (report->steps.empty()) return Status::Corruption("retention moved nothing");
  Result<TierSpaceFigure> figure = Space(dir, "warm", ".wrm");
  if (!figure.ok()) return figure;
  figure->seconds = seconds;
  figure->input_bytes = hot_bytes;
  return figure;
}

// Each query set once untimed on both tiers, then each query on the hot
// store and on the warm one in turn, so that drift hits both alike.
Status MeasureQueries(Store& hot, Store& warm, const std::vector<QuerySpec>& specs, int queries,
                      TiersBenchReport* report) {
  std::array<Store*, 2> stores = {&hot, &warm};
  std::array<std::vector<TierQueryFigure>, 2> figures;
  for (size_t k = 0; k < kQueryKindCount; ++k) {
    std::vector<std::string> expressions;
    for (int i = 0; i < queries; ++i) expressions.push_back(SealogExpression(specs[k * queries + i]));
    for (Store* store : stores) {
      for (const std::string& expression : expressions) {
        SEALOG_RETURN_IF_ERROR(RunSealog(*store, expression, nullptr).status());
      }
    }
    std::array<std::vector<uint64_t>, 2> latencies_ns;
    std::array<uint64_t, 2> records = {0, 0};
    for (const std::string& expression : expressions) {
      std::array<QueryRows, 2> rows;
      for (size_t t = 0; t < 2; ++t) {
        const Clock::time_point start = Clock::now();
        Result<QueryRows> result = RunSealog(*stores[t], expression, nullptr);
        latencies_ns[t].push_back(static_cast<uint64_t>(
            std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count()));
        if (!result.ok()) return result.status();
        rows[t] = *result;
        records[t] += result->records;
      }
      if (!(rows[0] == rows[1])) {
        return Status::Corruption(fmt::format("{}: hot returned {} records, warm {}", expression,
                                              rows[0].records, rows[1].records));
      }
    }
    for (size_t t = 0; t < 2; ++t) {
      TierQueryFigure figure;
      figure.tier = t == 0 ? "hot" : "warm";
      figure.kind = kQueryKinds[k];
      figure.queries = queries;
      figure.records = records[t];
      figure.p50_us = Percentile(latencies_ns[t], 0.50) / 1e3;
      figure.p99_us = Percentile(latencies_ns[t], 0.99) / 1e3;
      figures[t].push_back(figure);
    }
  }
  for (const auto& tier : figures) {
    report->queries.insert(report->queries.end(), tier.begin(), tier.end());
  }
  return Status::Ok();
}

const TierSpaceFigure* FindSpace(const TiersBenchReport& report, const std::string& name) {
  for (const TierSpaceFigure& figure : report.space) {
    if (figure.name == name) return &figure;
  }
  return nullptr;
}

}  // namespace

Result<TiersBenchReport> MeasureTiers(const TiersBenchOptions& options) {
  if (options.events < 1 || options.queries < 1 || options.segment_bytes < 4096) {
    return Status::InvalidArgument("events and queries must be at least 1, segments 4096 bytes");
  }
  std::error_code error;
  const std::string root =
      options.dir.empty() ? fs::temp_directory_path(error).string() : options.dir;
  ScratchDir scratch(root);
  if (!scratch.ok()) return Status::IOError("cannot create a directory in " + root);

  const EventSet set(options.events, options.seed);
  const std::string lines = JsonLines(set);
  TiersBenchReport report;
  report.events = set.size();
  report.json_bytes = lines.size();
  TierSpaceFigure jsonl;
  jsonl.name = "jsonl";
  jsonl.bytes = lines.size();
  report.space.push_back(jsonl);

  for (int level : {3, 19}) {
    if (level == 19 && !options.zstd_19) continue;
    const Clock::time_point start = Clock::now();
    Result<TierSpaceFigure> zstd = Zstd(lines, level);
    if (!zstd.ok()) return zstd.status();
    report.space.push_back(*zstd);
    Progress(options, fmt::format("tiers: zstd -{} of {:.1f} MB of lines in {:.1f} s", level,
                                  lines.size() / 1e6, SecondsSince(start)));
  }

  const std::string hot_dir = scratch.Child("hot"), warm_dir = scratch.Child("warm");
  Clock::time_point start = Clock::now();
  Result<std::unique_ptr<Store>> hot_store = LoadStore(hot_dir, set, options.segment_bytes);
  if (!hot_store.ok()) return hot_store.status();
  Result<TierSpaceFigure> hot = Space(hot_dir, "hot", ".seg");
  if (!hot.ok()) return hot.status();
  report.space.push_back(*hot);
  fs::copy(hot_dir, warm_dir, fs::copy_options::recursive, error);
  if (error) return Status::IOError("copy " + hot_dir + ": " + error.message());
  Progress(options, fmt::format("  loaded, sealed and copied in {:.1f} s", SecondsSince(start)));

  Result<TierSpaceFigure> warm = MoveWarm(warm_dir, hot->bytes);
  if (!warm.ok()) return warm.status();
  report.space.push_back(*warm);
  Progress(options, fmt::format("  moved warm in {:.1f} s", warm->seconds));

  Options read_only;
  read_only.read_only = true;
  Result<std::unique_ptr<Store>> warm_store = Store::Open(warm_dir, read_only);
  if (!warm_store.ok()) return warm_store.status();
  for (const SegmentInfo& segment : (*warm_store)->Stats().segments) {
    if (segment.active) continue;
    ++report.segments;
    if (segment.tier != Tier::kWarm) return Status::Corruption("a segment stayed hot");
  }
  QueryBenchOptions draw;
  draw.events = options.events;
  draw.seed = options.seed;
  draw.queries = options.queries;
  start = Clock::now();
  SEALOG_RETURN_IF_ERROR(
      MeasureQueries(**hot_store, **warm_store, DrawQueries(set, draw), options.queries, &report));
  Progress(options, fmt::format("  {} queries on each tier in {:.1f} s",
                                options.queries * kQueryKindCount, SecondsSince(start)));
  return report;
}

void PrintTiersReport(const TiersBenchOptions& options, const TiersBenchReport& report,
                      std::FILE* table, std::FILE* json) {
  const TierSpaceFigure* jsonl = FindSpace(report, "jsonl");
  const TierSpaceFigure* zstd3 = FindSpace(report, "zstd-3");
  fmt::print(table, "bytes of {} events ({:.1f} MB of JSON Lines), {} segments of {} MiB:\n",
             report.events, report.json_bytes / 1e6, report.segments,
             options.segment_bytes >> 20);
  fmt::print(table, "  {:<8} {:>12} {:>9} {:>9} {:>12} {:>10} {:>10}\n", "form", "bytes",
             "B/event", "x smaller", "+index B/ev", "MB/s", "/ zstd-3");
  for (const TierSpaceFigure& f : report.space) {
    const double per_event = static_cast<double>(f.bytes) / report.events;
    const std::string index =
        f.index_bytes > 0 ? fmt::format("{:.1f}", static_cast<double>(f.index_bytes) / report.events)
                          : "";
    const std::string speed = f.seconds > 0 ? fmt::format("{:.1f}", f.mb_per_s()) : "";
    // Its size against zstd -3's: below 1 is smaller.
    const std::string ratio =
        zstd3 != nullptr ? fmt::format("{:.2f}", static_cast<double>(f.bytes) / zstd3->bytes) : "";
    fmt::print(table, "  {:<8} {:>12} {:>9.1f} {:>9.2f} {:>12} {:>10} {:>10}\n", f.name, f.bytes,
               per_event, static_cast<double>(jsonl->bytes) / f.bytes, index, speed, ratio);
  }
  fmt::print(table, "  (zstd: in memory, one thread; warm: the whole move, I/O and checks included)\n");
  fmt::print(table, "query latency, hot vs warm ({} queries of each kind):\n",
             report.queries.empty() ? 0 : report.queries.front().queries);
  fmt::print(table, "  {:<11} {:>10} {:>10} {:>10} {:>10} {:>9}\n", "kind", "hot p50", "warm p50",
             "hot p99", "warm p99", "warm/hot");
  const size_t kinds = report.queries.size() / 2;
  for (size_t k = 0; k < kinds; ++k) {
    const TierQueryFigure& h = report.queries[k];
    const TierQueryFigure& w = report.queries[kinds + k];
    fmt::print(table, "  {:<11} {:>8.0f}us {:>8.0f}us {:>8.0f}us {:>8.0f}us {:>8.2f}x\n",
               QueryKindName(h.kind), h.p50_us, w.p50_us, h.p99_us, w.p99_us,
               h.p50_us > 0 ? w.p50_us / h.p50_us : 0);
  }
  if (json == nullptr) return;
  for (const TierSpaceFigure& f : report.space) {
    fmt::print(json,
               "{{\"bench\":\"tiers\",\"form\":\"{}\",\"events\":{},\"bytes\":{},"
               "\"index_bytes\":{},\"bytes_per_event\":{:.2f},\"ratio_to_jsonl\":{:.3f},"
               "\"mb_per_s\":{:.2f}}}\n",
               f.name, report.events, f.bytes, f.index_bytes,
               static_cast<double>(f.bytes) / report.events,
               static_cast<double>(jsonl->bytes) / f.bytes, f.mb_per_s());
  }
  for (const TierQueryFigure& q : report.queries) {
    fmt::print(json,
               "{{\"bench\":\"tiers\",\"tier\":\"{}\",\"kind\":\"{}\",\"queries\":{},"
               "\"records\":{},\"p50_us\":{:.1f},\"p99_us\":{:.1f}}}\n",
               q.tier, QueryKindName(q.kind), q.queries, q.records, q.p50_us, q.p99_us);
  }
}

int RunTiersBench(const TiersBenchOptions& options) {
  double load[1] = {0};
  getloadavg(load, 1);
  Progress(options, fmt::format("tiers: load average {:.2f}", load[0]));
  Result<TiersBenchReport> report = MeasureTiers(options);
  if (!report.ok()) {
    fmt::print(stderr, "sealog-bench tiers: {}\n", report.status().ToString());
    return 1;
  }
  PrintTiersReport(options, *report, options.json ? stderr : stdout,
                   options.json ? stdout : nullptr);
  return 0;
}

}  // namespace sealog::bench
