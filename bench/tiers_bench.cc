#include "bench/tiers_bench.h"

#include <stdlib.h>
#include <time.h>

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
#include "bench/timing.h"
#include "engine/io/env.h"
#include "engine/tier/archive_file.h"
#include "sealog/query.h"
#include "sealog/retention.h"
#include "sealog/store.h"

namespace sealog::bench {
namespace {

namespace fs = std::filesystem;

// The CPU time of the process so far, user and system, all threads.
double CpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + now.tv_nsec / 1e9;
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
  const double cpu_start = CpuSeconds();
  const Clock::time_point start = Clock::now();
  const size_t n = ZSTD_compress2(cctx, out.data(), out.size(), lines.data(), lines.size());
  const double seconds = SecondsSince(start);
  const double cpu_seconds = CpuSeconds() - cpu_start;
  ZSTD_freeCCtx(cctx);
  if (ZSTD_isError(n)) return Status::IOError(std::string("zstd: ") + ZSTD_getErrorName(n));
  TierSpaceFigure figure;
  figure.name = "zstd-" + std::to_string(level);
  figure.bytes = n;
  figure.seconds = seconds;
  figure.cpu_seconds = cpu_seconds;
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

// Runs retention on the store in dir as if `days` had passed since now,
// timed (wall and process CPU) into *figure; every step must go to `tier`.
Status Retain(const std::string& dir, int64_t days, Tier tier, TierSpaceFigure* figure) {
  Result<std::unique_ptr<Store>> store = Store::Open(dir, Options());
  if (!store.ok()) return store.status();
  RetentionOptions retention;
  retention.now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count() +
                     days * 86'400'000'000'000;
  const double cpu_start = CpuSeconds();
  const Clock::time_point start = Clock::now();
  Result<RetentionReport> report = (*store)->RunRetention(retention);
  figure->seconds = SecondsSince(start);
  figure->cpu_seconds = CpuSeconds() - cpu_start;
  if (!report.ok()) return report.status();
  if (report->steps.empty()) return Status::Corruption("retention moved nothing");
  for (const RetentionStep& step : report->steps) {
    if (step.to != tier) {
      return Status::Corruption(fmt::format("retention moved segment {} {}, not {}", step.segment,
                                            TierName(step.to), TierName(tier)));
    }
  }
  return Status::Ok();
}

// Moves every sealed segment warm: retention as if 8 days had passed, past
// the default warm_after of 7 days.
Result<TierSpaceFigure> MoveWarm(const std::string& dir, uint64_t hot_bytes) {
  TierSpaceFigure timing;
  SEALOG_RETURN_IF_ERROR(Retain(dir, 8, Tier::kWarm, &timing));
  Result<TierSpaceFigure> figure = Space(dir, "warm", ".wrm");
  if (!figure.ok()) return figure;
  figure->seconds = timing.seconds;
  figure->cpu_seconds = timing.cpu_seconds;
  figure->input_bytes = hot_bytes;
  return figure;
}

// Moves every sealed segment of the hot store in dir cold at `level`:
// retention as if 91 days had passed, past the default cold_after of 90
// days. A store reads its config.toml at every open, and a config is only
// given at creation, so the copy gets one naming the level (and the segment
// size it was made with); the rest stays at the defaults.
Result<ColdFigure> MoveCold(const std::string& dir, int level, uint64_t segment_bytes,
                            uint64_t hot_bytes) {
  std::shared_ptr<io::Env> env = io::NewPosixEnv();
  SEALOG_RETURN_IF_ERROR(io::WriteFileAtomically(
      *env, dir, std::string(StoreConfig::kFileName),
      fmt::format("[segments]\nsize_max = {}\n[compression]\ncold_level = {}\n", segment_bytes,
                  level)));
  TierSpaceFigure timing;
  SEALOG_RETURN_IF_ERROR(Retain(dir, 91, Tier::kCold, &timing));
  ColdFigure cold;
  cold.level = level;
  Result<TierSpaceFigure> space = Space(dir, "cold", ".arc");
  if (!space.ok()) return space.status();
  cold.space = *space;
  cold.space.seconds = timing.seconds;
  cold.space.cpu_seconds = timing.cpu_seconds;
  cold.space.input_bytes = hot_bytes;
  // What the archives hold besides the records: read from their directories.
  std::vector<std::string> names;
  SEALOG_RETURN_IF_ERROR(env->GetChildren(dir, &names));
  for (const std::string& name : names) {
    if (!tier::ParseArchiveFileName(name)) continue;
    std::shared_ptr<tier::ArchiveFile> archive;
    SEALOG_RETURN_IF_ERROR(tier::OpenArchive(*env, dir + "/" + name, &archive));
    if (archive->level() != level) {
      return Status::Corruption(fmt::format("{}: level {}, not {}", name, archive->level(), level));
    }
    ++cold.archives;
    for (const tier::ArchivedSegment& segment : archive->segments()) {
      cold.index_head_bytes += segment.index_head_bytes;
      for (const tier::ArchiveBlock& block : segment.blocks) {
        ++cold.blocks;
        cold.column_blocks += block.kind == tier::BlockKind::kColumns ? 1 : 0;
      }
    }
    std::string seals;
    SEALOG_RETURN_IF_ERROR(archive->ReadSeals(&seals));
    cold.seal_bytes += seals.size();
  }
  return cold;
}

// A store queried, and the name of the tier all its sealed segments are in.
struct TierStore {
  std::string tier;
  Store* store = nullptr;
};

// Each query set once untimed on every tier, then each query on every
// tier's store in turn, so that drift hits all alike; the answers must be
// the first tier's.
Status MeasureQueries(const std::vector<TierStore>& stores, const std::vector<QuerySpec>& specs,
                      int queries, TiersBenchReport* report) {
  std::vector<std::vector<TierQueryFigure>> figures(stores.size());
  for (size_t k = 0; k < kQueryKindCount; ++k) {
    std::vector<std::string> expressions;
    for (int i = 0; i < queries; ++i) expressions.push_back(SealogExpression(specs[k * queries + i]));
    std::vector<double> first_run_ms(stores.size());
    for (size_t t = 0; t < stores.size(); ++t) {
      const Clock::time_point start = Clock::now();
      for (const std::string& expression : expressions) {
        SEALOG_RETURN_IF_ERROR(RunSealog(*stores[t].store, expression, nullptr).status());
      }
      first_run_ms[t] = SecondsSince(start) * 1e3;
    }
    std::vector<std::vector<uint64_t>> latencies_ns(stores.size());
    std::vector<uint64_t> records(stores.size(), 0);
    for (const std::string& expression : expressions) {
      std::vector<QueryRows> rows(stores.size());
      for (size_t t = 0; t < stores.size(); ++t) {
        const Clock::time_point start = Clock::now();
        Result<QueryRows> result = RunSealog(*stores[t].store, expression, nullptr);
        latencies_ns[t].push_back(static_cast<uint64_t>(
            std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count()));
        if (!result.ok()) return result.status();
        rows[t] = *result;
        records[t] += result->records;
      }
      for (size_t t = 1; t < stores.size(); ++t) {
        if (!(rows[t] == rows[0])) {
          return Status::Corruption(fmt::format("{}: {} returned {} records, {} {}", expression,
                                                stores[0].tier, rows[0].records, stores[t].tier,
                                                rows[t].records));
        }
      }
    }
    for (size_t t = 0; t < stores.size(); ++t) {
      TierQueryFigure figure;
      figure.tier = stores[t].tier;
      figure.kind = kQueryKinds[k];
      figure.queries = queries;
      figure.records = records[t];
      figure.p50_us = Percentile(latencies_ns[t], 0.50) / 1e3;
      figure.p99_us = Percentile(latencies_ns[t], 0.99) / 1e3;
      figure.first_run_ms = first_run_ms[t];
      figures[t].push_back(figure);
    }
  }
  for (const auto& tier : figures) {
    report->queries.insert(report->queries.end(), tier.begin(), tier.end());
  }
  return Status::Ok();
}

// The store in dir, read-only, with every sealed segment in `tier`; counts
// them into *segments.
Result<std::unique_ptr<Store>> OpenTier(const std::string& dir, Tier tier,
                                        uint64_t frame_cache_bytes, uint64_t* segments) {
  Options read_only;
  read_only.read_only = true;
  read_only.frame_cache_bytes = frame_cache_bytes;
  Result<std::unique_ptr<Store>> store = Store::Open(dir, read_only);
  if (!store.ok()) return store.status();
  *segments = 0;
  for (const SegmentInfo& segment : (*store)->Stats().segments) {
    if (segment.active) continue;
    ++*segments;
    if (segment.tier != tier) {
      return Status::Corruption(fmt::format("segment {} is {}, not {}", segment.number,
                                            TierName(segment.tier), TierName(tier)));
    }
  }
  return store;
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

  const std::string hot_dir = scratch.Child("hot"), warm_dir = scratch.Child("warm"),
                    cold_dir = scratch.Child("cold");
  Clock::time_point start = Clock::now();
  Result<std::unique_ptr<Store>> hot_store = LoadStore(hot_dir, set, options.segment_bytes);
  if (!hot_store.ok()) return hot_store.status();
  Result<TierSpaceFigure> hot = Space(hot_dir, "hot", ".seg");
  if (!hot.ok()) return hot.status();
  report.space.push_back(*hot);
  for (const std::string& copy : {warm_dir, cold_dir}) {
    fs::copy(hot_dir, copy, fs::copy_options::recursive, error);
    if (error) return Status::IOError("copy " + hot_dir + ": " + error.message());
  }
  Progress(options, fmt::format("  loaded, sealed and copied in {:.1f} s", SecondsSince(start)));

  Result<TierSpaceFigure> warm = MoveWarm(warm_dir, hot->bytes);
  if (!warm.ok()) return warm.status();
  report.space.push_back(*warm);
  Progress(options, fmt::format("  moved warm in {:.1f} s", warm->seconds));

  Result<ColdFigure> cold =
      MoveCold(cold_dir, options.cold_level, options.segment_bytes, hot->bytes);
  if (!cold.ok()) return cold.status();
  report.space.push_back(cold->space);
  report.cold.push_back(*cold);
  Progress(options,
           fmt::format("  moved cold at level {} in {:.1f} s", cold->level, cold->space.seconds));
  for (int level : options.cold_levels) {
    const std::string dir = scratch.Child(fmt::format("cold-{}", level));
    fs::copy(hot_dir, dir, fs::copy_options::recursive, error);
    if (error) return Status::IOError("copy " + hot_dir + ": " + error.message());
    Result<ColdFigure> more = MoveCold(dir, level, options.segment_bytes, hot->bytes);
    if (!more.ok()) return more.status();
    report.cold.push_back(*more);
    RemoveTree(dir);
    Progress(options,
             fmt::format("  moved cold at level {} in {:.1f} s", level, more->space.seconds));
  }

  uint64_t warm_segments = 0, cold_segments = 0;
  Result<std::unique_ptr<Store>> warm_store =
      OpenTier(warm_dir, Tier::kWarm, options.frame_cache_bytes, &warm_segments);
  if (!warm_store.ok()) return warm_store.status();
  Result<std::unique_ptr<Store>> cold_store =
      OpenTier(cold_dir, Tier::kCold, options.frame_cache_bytes, &cold_segments);
  if (!cold_store.ok()) return cold_store.status();
  if (warm_segments != cold_segments) {
    return Status::Corruption(
        fmt::format("{} segments warm but {} cold", warm_segments, cold_segments));
  }
  report.segments = warm_segments;
  QueryBenchOptions draw;
  draw.events = options.events;
  draw.seed = options.seed;
  draw.queries = options.queries;
  start = Clock::now();
  const std::vector<TierStore> stores = {
      {"hot", hot_store->get()}, {"warm", warm_store->get()}, {"cold", cold_store->get()}};
  SEALOG_RETURN_IF_ERROR(MeasureQueries(stores, DrawQueries(set, draw), options.queries, &report));
  Progress(options, fmt::format("  {} queries on each tier in {:.1f} s",
                                options.queries * kQueryKindCount, SecondsSince(start)));
  return report;
}

void PrintTiersReport(const TiersBenchOptions& options, const TiersBenchReport& report,
                      std::FILE* table, std::FILE* json) {
  const TierSpaceFigure* jsonl = FindSpace(report, "jsonl");
  const TierSpaceFigure* zstd3 = FindSpace(report, "zstd-3");
  const TierSpaceFigure* zstd19 = FindSpace(report, "zstd-19");
  const double events = static_cast<double>(report.events);
  // Sizes against a zstd run's (below 1 is smaller), and speeds over zstd
  // -19's of the same lines (above 1 is faster); empty without that run.
  const auto size_to = [](const TierSpaceFigure* zstd, uint64_t bytes) {
    return zstd != nullptr ? fmt::format("{:.2f}", static_cast<double>(bytes) / zstd->bytes)
                           : std::string();
  };
  const auto speed_over_19 = [&](double zstd_seconds, double seconds) {
    return zstd19 != nullptr && seconds > 0 ? fmt::format("{:.1f}x", zstd_seconds / seconds)
                                            : std::string();
  };
  const auto json_mb_per_s = [&](const TierSpaceFigure& f) {
    return f.seconds > 0 ? report.json_bytes / f.seconds / 1e6 : 0;
  };

  fmt::print(table, "bytes of {} events ({:.1f} MB of JSON Lines), {} segments of {} MiB:\n",
             report.events, report.json_bytes / 1e6, report.segments,
             options.segment_bytes >> 20);
  fmt::print(table, "  {:<8} {:>12} {:>9} {:>9} {:>12} {:>9} {:>9}\n", "form", "bytes", "B/event",
             "x smaller", "+index B/ev", "/ zstd-3", "/ zstd-19");
  for (const TierSpaceFigure& f : report.space) {
    const std::string index =
        f.index_bytes > 0 ? fmt::format("{:.1f}", f.index_bytes / events) : "";
    fmt::print(table, "  {:<8} {:>12} {:>9.1f} {:>9.2f} {:>12} {:>9} {:>9}\n", f.name, f.bytes,
               f.bytes / events, static_cast<double>(jsonl->bytes) / f.bytes, index,
               size_to(zstd3, f.bytes), size_to(zstd19, f.bytes));
  }
  if (!report.cold.empty()) {
    const ColdFigure& c = report.cold.front();
    fmt::print(table,
               "  (cold, level {}: {} archive(s) holding the index heads, {:.1f} B/event, and "
               "the seal chain, {} bytes; {} of {} blocks as record columns)\n",
               c.level, c.archives, c.index_head_bytes / events, c.seal_bytes, c.column_blocks,
               c.blocks);
  }

  fmt::print(table,
             "speed, MB/s of what each read and of the JSON Lines it holds; "
             "x zstd-19: its time over this one, same lines, this run:\n");
  fmt::print(table, "  {:<8} {:>9} {:>9} {:>9} {:>10} {:>11} {:>11}\n", "form", "seconds", "cpu s",
             "MB/s", "JSON MB/s", "x z19 wall", "x z19 cpu");
  for (const TierSpaceFigure& f : report.space) {
    if (f.seconds <= 0) continue;
    fmt::print(table, "  {:<8} {:>9.3f} {:>9.3f} {:>9.1f} {:>10.1f} {:>11} {:>11}\n", f.name,
               f.seconds, f.cpu_seconds, f.mb_per_s(), json_mb_per_s(f),
               speed_over_19(zstd19 ? zstd19->seconds : 0, f.seconds),
               speed_over_19(zstd19 ? zstd19->cpu_seconds : 0, f.cpu_seconds));
  }
  fmt::print(table,
             "  (zstd: in memory, one thread; warm, cold: the whole move from hot "
             "segments, I/O and checks included)\n");

  if (report.cold.size() > 1) {
    fmt::print(table, "cold by level, each moved from a fresh copy of the hot store:\n");
    fmt::print(table, "  {:<8} {:>12} {:>9} {:>9} {:>9} {:>10} {:>11} {:>11}\n", "level", "bytes",
               "B/event", "/ zstd-19", "seconds", "JSON MB/s", "x z19 wall", "x z19 cpu");
    for (size_t i = 0; i < report.cold.size(); ++i) {
      const ColdFigure& c = report.cold[i];
      fmt::print(table, "  {:<8} {:>12} {:>9.1f} {:>9} {:>9.3f} {:>10.1f} {:>11} {:>11}\n",
                 fmt::format("{}{}", c.level, i == 0 ? " (q)" : ""), c.space.bytes,
                 c.space.bytes / events, size_to(zstd19, c.space.bytes), c.space.seconds,
                 json_mb_per_s(c.space),
                 speed_over_19(zstd19 ? zstd19->seconds : 0, c.space.seconds),
                 speed_over_19(zstd19 ? zstd19->cpu_seconds : 0, c.space.cpu_seconds));
    }
    fmt::print(table, "  ((q): the move of the store queried below)\n");
  }

  const TierSpaceFigure* cold = FindSpace(report, "cold");
  if (zstd19 != nullptr && cold != nullptr && cold->seconds > 0) {
    const double size = static_cast<double>(cold->bytes) / zstd19->bytes;
    const double wall = zstd19->seconds / cold->seconds;
    const double cpu = cold->cpu_seconds > 0 ? zstd19->cpu_seconds / cold->cpu_seconds : 0;
    fmt::print(table,
               "issue 5 targets: cold no larger than zstd -19: {} ({:.3f}x its size); "
               "cold move at least 20x zstd -19's speed: {} ({:.1f}x wall, {:.1f}x cpu)\n",
               size <= 1 ? "met" : "NOT met", size, wall >= 20 ? "met" : "NOT met", wall, cpu);
  }

  const auto find_query = [&](const std::string& tier, QueryKind kind) -> const TierQueryFigure* {
    for (const TierQueryFigure& q : report.queries) {
      if (q.tier == tier && q.kind == kind) return &q;
    }
    return nullptr;
  };
  fmt::print(table,
             "query latency, hot vs warm vs cold ({} queries of each kind; decoded warm frames "
             "kept: {} MiB):\n",
             report.queries.empty() ? 0 : report.queries.front().queries,
             options.frame_cache_bytes >> 20);
  fmt::print(table, "  {:<11} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>9} {:>9} {:>12}\n",
             "kind", "hot p50", "warm p50", "cold p50", "hot p99", "warm p99", "cold p99",
             "warm/hot", "cold/hot", "cold/hot p99");
  for (const QueryKind kind : kQueryKinds) {
    const TierQueryFigure* h = find_query("hot", kind);
    const TierQueryFigure* w = find_query("warm", kind);
    const TierQueryFigure* c = find_query("cold", kind);
    if (h == nullptr || w == nullptr || c == nullptr) continue;
    const auto over = [](double a, double b) { return b > 0 ? a / b : 0; };
    fmt::print(table,
               "  {:<11} {:>8.0f}us {:>8.0f}us {:>8.0f}us {:>8.0f}us {:>8.0f}us {:>8.0f}us "
               "{:>8.2f}x {:>8.2f}x {:>11.2f}x\n",
               QueryKindName(kind), h->p50_us, w->p50_us, c->p50_us, h->p99_us, w->p99_us,
               c->p99_us, over(w->p50_us, h->p50_us), over(c->p50_us, h->p50_us),
               over(c->p99_us, h->p99_us));
  }
  fmt::print(table,
             "first runs of each set, untimed above (the first touches: index files "
             "opened, cold blocks decoded), ms for all its queries:\n");
  fmt::print(table, "  {:<11} {:>10} {:>10} {:>10}\n", "kind", "hot", "warm", "cold");
  for (const QueryKind kind : kQueryKinds) {
    const TierQueryFigure* h = find_query("hot", kind);
    const TierQueryFigure* w = find_query("warm", kind);
    const TierQueryFigure* c = find_query("cold", kind);
    if (h == nullptr || w == nullptr || c == nullptr) continue;
    fmt::print(table, "  {:<11} {:>8.1f}ms {:>8.1f}ms {:>8.1f}ms\n", QueryKindName(kind),
               h->first_run_ms, w->first_run_ms, c->first_run_ms);
  }
  if (json == nullptr) return;
  for (const TierSpaceFigure& f : report.space) {
    fmt::print(json,
               "{{\"bench\":\"tiers\",\"form\":\"{}\",\"events\":{},\"bytes\":{},"
               "\"index_bytes\":{},\"bytes_per_event\":{:.2f},\"ratio_to_jsonl\":{:.3f},"
               "\"seconds\":{:.4f},\"cpu_seconds\":{:.4f},\"mb_per_s\":{:.2f},"
               "\"json_mb_per_s\":{:.2f}}}\n",
               f.name, report.events, f.bytes, f.index_bytes, f.bytes / events,
               static_cast<double>(jsonl->bytes) / f.bytes, f.seconds, f.cpu_seconds, f.mb_per_s(),
               json_mb_per_s(f));
  }
  for (const ColdFigure& c : report.cold) {
    fmt::print(json,
               "{{\"bench\":\"tiers\",\"cold_level\":{},\"events\":{},\"bytes\":{},"
               "\"archives\":{},\"index_head_bytes\":{},\"seal_bytes\":{},\"blocks\":{},"
               "\"column_blocks\":{},\"bytes_per_event\":{:.2f},\"size_to_zstd_19\":{:.3f},"
               "\"seconds\":{:.4f},\"cpu_seconds\":{:.4f},\"json_mb_per_s\":{:.2f},"
               "\"speed_to_zstd_19\":{:.2f},\"cpu_speed_to_zstd_19\":{:.2f}}}\n",
               c.level, report.events, c.space.bytes, c.archives, c.index_head_bytes, c.seal_bytes,
               c.blocks, c.column_blocks, c.space.bytes / events,
               zstd19 ? static_cast<double>(c.space.bytes) / zstd19->bytes : 0, c.space.seconds,
               c.space.cpu_seconds, json_mb_per_s(c.space),
               zstd19 && c.space.seconds > 0 ? zstd19->seconds / c.space.seconds : 0,
               zstd19 && c.space.cpu_seconds > 0 ? zstd19->cpu_seconds / c.space.cpu_seconds : 0);
  }
  for (const TierQueryFigure& q : report.queries) {
    fmt::print(json,
               "{{\"bench\":\"tiers\",\"tier\":\"{}\",\"kind\":\"{}\",\"queries\":{},"
               "\"records\":{},\"p50_us\":{:.1f},\"p99_us\":{:.1f},\"first_run_ms\":{:.2f}}}\n",
               q.tier, QueryKindName(q.kind), q.queries, q.records, q.p50_us, q.p99_us,
               q.first_run_ms);
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
