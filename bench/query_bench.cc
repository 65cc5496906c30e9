#include "bench/query_bench.h"

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "bench/bench_report.h"
#include "bench/scratch_dir.h"
#include "bench/split_mix64.h"
#include "bench/sqlite_peer.h"
#include "bench/timing.h"
#if SEALOG_BENCH_ROCKSDB
#include "bench/rocksdb_peer.h"
#endif
#include "sealog/ingest.h"
#include "sealog/query.h"
#include "sealog/store.h"

namespace sealog::bench {
namespace {

namespace fs = std::filesystem;

// The earliest and latest event times (late arrivals make the first event not
// the earliest); {0, 0} when there are no events.
std::pair<int64_t, int64_t> TimeBounds(const EventSet& set) {
  if (set.events().empty()) return {0, 0};
  int64_t first_ns = set.events().front().time_ns, last_ns = first_ns;
  for (const Event& event : set.events()) {
    first_ns = std::min(first_ns, event.time_ns);
    last_ns = std::max(last_ns, event.time_ns);
  }
  return {first_ns, last_ns};
}

// Store bytes per JSON byte (frame headers and the indexed fields beside
// each raw line): the first guess at segment sizes, corrected after one load.
constexpr double kStoreBytesPerJsonByte = 1.33;
// Smallest segment_size_max the engine accepts (engine/limits.h).
constexpr uint64_t kSegmentBytesMin = 4096;

Options LoadOptions(uint64_t segment_bytes) {
  Options options;
  options.create_if_missing = true;
  options.durability = Durability::kNone;
  options.segment_size_max = std::max(segment_bytes, kSegmentBytesMin);
  options.segment_age_max_ms = 0;
  options.root_key_seed = std::string(32, '\x51');  // fixed: no root.key is generated
  return options;
}

uint64_t ClosedSegments(Store& store) {
  uint64_t count = 0;
  for (const SegmentInfo& segment : store.Stats().segments) count += segment.active ? 0 : 1;
  return count;
}

bool EndsWith(const std::string& text, const char* suffix) {
  const size_t size = std::strlen(suffix);
  return text.size() >= size && text.compare(text.size() - size, size, suffix) == 0;
}

Result<SpaceFigure> StoreSpace(const std::string& dir, Store& store) {
  SpaceFigure space;
  space.engine = "sealog";
  space.segments = ClosedSegments(store);
  std::error_code error;
  for (fs::recursive_directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    if (!it->is_regular_file(error)) continue;
    const std::string name = it->path().filename().string();
    const uint64_t size = it->file_size(error);
    if (EndsWith(name, ".seg")) {
      space.data_bytes += size;
    } else if (EndsWith(name, ".idx")) {
      space.index_bytes += size;
    } else {
      space.other_bytes += size;
    }
  }
  if (error) return Status::IOError("list " + dir + ": " + error.message());
  return space;
}

#if !SEALOG_BENCH_ROCKSDB
class RocksdbPeer;  // not compiled in: Engines::rocksdb stays null
#endif

// The engines under test, by kEngineFew...: the store of few segments, of
// many, SQLite, and RocksDB unless it is null.
struct Engines {
  std::array<Store*, 2> stores;
  SqlitePeer* sqlite;
  RocksdbPeer* rocksdb;
  size_t count() const { return rocksdb != nullptr ? 4 : 3; }
};

// Latencies and totals of one kind on one engine.
struct Samples {
  std::vector<uint64_t> latencies_ns;
  std::vector<uint64_t> counts;  // records of each query
  uint64_t records = 0;
  uint64_t records_read = 0;
  uint64_t segments_skipped = 0;
  uint64_t indexes_rebuilt = 0;
};

Result<QueryRows> RunOn(const Engines& engines, size_t engine, const QuerySpec& spec,
                        const std::string& expression, Samples* samples) {
  if (engine == kEngineSqlite) return engines.sqlite->Run(spec);
#if SEALOG_BENCH_ROCKSDB
  if (engine == kEngineRocksdb) return engines.rocksdb->Run(spec);
#endif
  if (engine >= 2) return Status::InvalidArgument("no engine " + std::to_string(engine));
  QueryStats stats;
  Result<QueryRows> rows = RunSealog(*engines.stores[engine], expression, &stats);
  if (samples != nullptr) {
    samples->records_read += stats.records_read;
    samples->segments_skipped += stats.segments_skipped;
    samples->indexes_rebuilt += stats.indexes_rebuilt;
  }
  return rows;
}

// Runs the queries of one kind: once untimed on every engine, then each
// query on each engine in turn, timed, so that drift hits all alike.
Status MeasureKind(const Engines& engines, const std::vector<QuerySpec>& specs, size_t first,
                   size_t count, QueryBenchReport* report,
                   std::array<Samples, kEngineCountMax>* samples) {
  std::vector<std::string> expressions;
  for (size_t i = first; i < first + count; ++i) expressions.push_back(SealogExpression(specs[i]));
  for (size_t engine = 0; engine < engines.count(); ++engine) {
    for (size_t i = 0; i < count; ++i) {
      SEALOG_RETURN_IF_ERROR(
          RunOn(engines, engine, specs[first + i], expressions[i], nullptr).status());
    }
  }
  for (size_t i = 0; i < count; ++i) {
    std::array<QueryRows, kEngineCountMax> rows;
    for (size_t engine = 0; engine < engines.count(); ++engine) {
      Samples& s = (*samples)[engine];
      const Clock::time_point start = Clock::now();
      Result<QueryRows> result = RunOn(engines, engine, specs[first + i], expressions[i], &s);
      const auto elapsed =
          std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start);
      if (!result.ok()) return result.status();
      rows[engine] = *result;
      s.latencies_ns.push_back(static_cast<uint64_t>(elapsed.count()));
      s.records += result->records;
      s.counts.push_back(result->records);
    }
    report->counts.push_back({rows[0].records, rows[1].records, rows[2].records, rows[3].records});
    for (size_t store = 0; store < 2; ++store) {
      if (rows[store] == rows[kEngineSqlite]) continue;
      report->mismatches.push_back({expressions[i], "sealog",
                                    ClosedSegments(*engines.stores[store]), rows[store],
                                    rows[kEngineSqlite]});
    }
    if (engines.rocksdb != nullptr && rows[kEngineRocksdb] != rows[kEngineSqlite]) {
      report->mismatches.push_back(
          {expressions[i], "rocksdb", 0, rows[kEngineRocksdb], rows[kEngineSqlite]});
    }
  }
  return Status::Ok();
}

QueryFigure MakeFigure(const char* engine, QueryKind kind, uint64_t segments, Samples& samples) {
  QueryFigure figure;
  figure.engine = engine;
  figure.kind = kind;
  figure.segments = segments;
  figure.queries = static_cast<int>(samples.latencies_ns.size());
  figure.records = samples.records;
  figure.records_p50 = Percentile(samples.counts, 0.50);
  for (const uint64_t ns : samples.latencies_ns) figure.seconds += ns / 1e9;
  figure.p50_us = Percentile(samples.latencies_ns, 0.50) / 1e3;
  figure.p99_us = Percentile(samples.latencies_ns, 0.99) / 1e3;
  figure.records_read = samples.records_read;
  figure.segments_skipped = samples.segments_skipped;
  figure.indexes_rebuilt = samples.indexes_rebuilt;
  return figure;
}

Status MeasureAll(const Engines& engines, const std::vector<QuerySpec>& specs, int queries,
                  QueryBenchReport* report) {
  std::vector<QueryFigure> by_engine[kEngineCountMax];
  for (size_t k = 0; k < kQueryKindCount; ++k) {
    const QueryKind kind = kQueryKinds[k];
    std::array<Samples, kEngineCountMax> samples;
    SEALOG_RETURN_IF_ERROR(MeasureKind(engines, specs, k * queries, queries, report, &samples));
    for (size_t store = 0; store < 2; ++store) {
      by_engine[store].push_back(
          MakeFigure("sealog", kind, ClosedSegments(*engines.stores[store]), samples[store]));
    }
    by_engine[kEngineSqlite].push_back(MakeFigure("sqlite", kind, 0, samples[kEngineSqlite]));
    if (engines.rocksdb != nullptr) {
      by_engine[kEngineRocksdb].push_back(MakeFigure("rocksdb", kind, 0, samples[kEngineRocksdb]));
    }
  }
  for (auto& figures : by_engine) {
    report->figures.insert(report->figures.end(), figures.begin(), figures.end());
  }
  return Status::Ok();
}

void Progress(const QueryBenchOptions& options, const std::string& line) {
  if (options.progress) fmt::print(stderr, "{}\n", line);
}

}  // namespace

bool RocksdbCompiledIn() {
#if SEALOG_BENCH_ROCKSDB
  return true;
#else
  return false;
#endif
}

std::string_view QueryKindName(QueryKind kind) {
  switch (kind) {
    case QueryKind::kActor:
      return "actor";
    case QueryKind::kResource:
      return "resource";
    case QueryKind::kTime:
      return "time";
    case QueryKind::kActorTime:
      return "actor_time";
  }
  return "?";
}

void AddRow(QueryRows* rows, uint64_t seq, std::string_view raw) {
  // FNV-1a over 8-byte words: every byte is read, at memory speed.
  uint64_t hash = 0xcbf29ce484222325ull;
  size_t i = 0;
  for (; i + 8 <= raw.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, raw.data() + i, 8);
    hash = (hash ^ word) * 0x100000001b3ull;
  }
  for (; i < raw.size(); ++i) hash = (hash ^ static_cast<uint8_t>(raw[i])) * 0x100000001b3ull;
  ++rows->records;
  rows->seq_sum += seq;
  rows->raw_bytes += raw.size();
  rows->raw_hash += hash;  // a sum: the same whatever the order
}

Result<std::unique_ptr<Store>> LoadStore(const std::string& dir, const EventSet& set,
                                         uint64_t segment_bytes, bool map_segments) {
  {
    Result<std::unique_ptr<Store>> opened = Store::Open(dir, LoadOptions(segment_bytes));
    if (!opened.ok()) return opened.status();
    for (const Event& event : set.events()) {
      SEALOG_RETURN_IF_ERROR((*opened)->AppendAsync(event).status());
    }
    SEALOG_RETURN_IF_ERROR((*opened)->Flush());
    SEALOG_RETURN_IF_ERROR((*opened)->Roll());
  }
  Options options;
  options.read_only = true;
  options.map_segments = map_segments;
  return Store::Open(dir, options);
}

Result<QueryRows> RunSealog(Store& store, const std::string& expression, QueryStats* stats) {
  Result<std::unique_ptr<QueryCursor>> cursor = store.Query(expression, QueryOptions());
  if (!cursor.ok()) return cursor.status();
  QueryRows rows;
  while ((*cursor)->Next()) {
    const Record& record = (*cursor)->record();
    AddRow(&rows, record.seq, record.raw);
  }
  SEALOG_RETURN_IF_ERROR((*cursor)->status());
  if (stats != nullptr) *stats = (*cursor)->stats();
  return rows;
}

std::string SealogExpression(const QuerySpec& spec) {
  std::string expression;
  if (spec.kind == QueryKind::kActor || spec.kind == QueryKind::kActorTime) {
    expression.append("actor:").append(spec.value);
  } else if (spec.kind == QueryKind::kResource) {
    expression.append("resource:").append(spec.value);
  }
  if (spec.kind == QueryKind::kTime || spec.kind == QueryKind::kActorTime) {
    if (!expression.empty()) expression.append(" AND ");
    expression.append("time:[")
        .append(FormatRfc3339(spec.from_ns))
        .append(" TO ")
        .append(FormatRfc3339(spec.to_ns))
        .append("]");
  }
  return expression;
}

std::vector<QuerySpec> DrawQueries(const EventSet& set, const QueryBenchOptions& options) {
  const std::vector<Event>& events = set.events();
  std::vector<QuerySpec> specs;
  if (events.empty()) return specs;
  const auto [first_ns, last_ns] = TimeBounds(set);
  const auto span = static_cast<uint64_t>(last_ns - first_ns);
  for (const QueryKind kind : kQueryKinds) {
    // Each kind its own stream, so that --queries does not change the others.
    SplitMix64 random(options.seed * 0x9e3779b97f4a7c15ull + 1 + static_cast<uint64_t>(kind));
    const double fraction =
        kind == QueryKind::kTime ? options.time_range_fraction : options.actor_time_fraction;
    const auto width = static_cast<uint64_t>(static_cast<double>(span) * fraction);
    for (int q = 0; q < options.queries; ++q) {
      QuerySpec spec;
      spec.kind = kind;
      const Event& event = events[random.Uniform(events.size())];
      if (kind == QueryKind::kResource) {
        spec.value = std::string(event.field(Field::kResource));
      } else if (kind != QueryKind::kTime) {
        spec.value = std::string(event.field(Field::kActor));
      }
      if (kind == QueryKind::kTime) {
        spec.from_ns = first_ns + static_cast<int64_t>(random.Uniform(span - width + 1));
      } else if (kind == QueryKind::kActorTime) {
        // The window holds the drawn event: it matches at least that one.
        spec.from_ns = event.time_ns - static_cast<int64_t>(random.Uniform(width + 1));
      }
      spec.to_ns = spec.from_ns + static_cast<int64_t>(width);
      specs.push_back(std::move(spec));
    }
  }
  return specs;
}

Result<QueryBenchReport> MeasureQueries(const QueryBenchOptions& options) {
  if (options.events < 1 || options.queries < 1 || options.segments_few < 1 ||
      options.segments_many < 1) {
    return Status::InvalidArgument("events, queries and segment counts must be at least 1");
  }
  std::error_code error;
  const std::string root =
      options.dir.empty() ? fs::temp_directory_path(error).string() : options.dir;
  ScratchDir scratch(root);
  if (!scratch.ok()) return Status::IOError("cannot create a directory in " + root);

  Clock::time_point start = Clock::now();
  const EventSet set(options.events, options.seed);
  QueryBenchReport report;
  report.events = set.size();
  report.json_bytes = set.json_bytes();
  report.queries = options.queries;
  const std::vector<QuerySpec> specs = DrawQueries(set, options);
  const auto [first_ns, last_ns] = TimeBounds(set);
  report.time_span_s = static_cast<double>(last_ns - first_ns) / 1e9;
  Progress(options, fmt::format("query: {} events ({:.1f} MB of JSON, {:.1f} s of event time) "
                                "generated in {:.2f} s; stores in {}",
                                set.size(), set.json_bytes() / 1e6, report.time_span_s,
                                SecondsSince(start), scratch.path()));

  // The few-segment store first: its size sets the many-segment one's segments.
  std::array<std::unique_ptr<Store>, 2> stores;
  std::array<std::string, 2> dirs = {scratch.Child("few"), scratch.Child("many")};
  const uint64_t guess = static_cast<uint64_t>(set.json_bytes() * kStoreBytesPerJsonByte);
  uint64_t segment_bytes = guess / options.segments_few + 1;
  for (size_t i = 0; i < 2; ++i) {
    start = Clock::now();
    Result<std::unique_ptr<Store>> store =
        LoadStore(dirs[i], set, segment_bytes, options.map_segments);
    if (!store.ok()) return store.status();
    stores[i] = std::move(store).value();
    Result<SpaceFigure> space = StoreSpace(dirs[i], *stores[i]);
    if (!space.ok()) return space.status();
    report.space.push_back(*space);
    Progress(options, fmt::format("  sealog: {} segments of at most {} bytes loaded and sealed "
                                  "in {:.2f} s",
                                  space->segments, segment_bytes, SecondsSince(start)));
    // 1% more than an even split, so the last segment is not a sliver.
    segment_bytes = space->data_bytes * 101 / 100 / options.segments_many + 1;
  }
  start = Clock::now();
  Result<std::unique_ptr<SqlitePeer>> sqlite =
      SqlitePeer::Create(scratch.Child("sqlite.db"), set, options.sqlite_cache_mb);
  if (!sqlite.ok()) return sqlite.status();
  Result<SpaceFigure> sqlite_space = (*sqlite)->Space();
  if (!sqlite_space.ok()) return sqlite_space.status();
  report.space.push_back(*sqlite_space);
  for (const QueryKind kind : kQueryKinds) report.sqlite_plans.push_back((*sqlite)->Plan(kind));
  Progress(options,
           fmt::format("  sqlite: loaded, indexed and analyzed in {:.2f} s", SecondsSince(start)));

  Engines engines = {{stores[0].get(), stores[1].get()}, sqlite->get(), nullptr};
#if SEALOG_BENCH_ROCKSDB
  start = Clock::now();
  Result<std::unique_ptr<RocksdbPeer>> rocksdb =
      RocksdbPeer::Create(scratch.Child("rocksdb"), set, options.rocksdb_cache_mb);
  if (!rocksdb.ok()) return rocksdb.status();
  Result<SpaceFigure> rocksdb_space = (*rocksdb)->Space();
  if (!rocksdb_space.ok()) return rocksdb_space.status();
  report.rocksdb = true;
  report.space.push_back(*rocksdb_space);
  report.rocksdb_sst_files = (*rocksdb)->SstFiles();
  for (const QueryKind kind : kQueryKinds) report.rocksdb_plans.push_back((*rocksdb)->Plan(kind));
  engines.rocksdb = rocksdb->get();
  Progress(options, fmt::format("  rocksdb: loaded, flushed and compacted into {} SST files in "
                                "{:.2f} s",
                                report.rocksdb_sst_files, SecondsSince(start)));
#else
  Progress(
      options,
      "  rocksdb: not compiled in (librocksdb-dev not found, or SEALOG_BENCH_WITH_ROCKSDB off), "
      "skipped");
#endif

  start = Clock::now();
  SEALOG_RETURN_IF_ERROR(MeasureAll(engines, specs, options.queries, &report));
  Progress(options, fmt::format("  {} queries on {} engines, warm-up included, in {:.2f} s",
                                specs.size(), engines.count(), SecondsSince(start)));
  return report;
}

int RunQueryBench(const QueryBenchOptions& options) {
  double load[1] = {0};
  getloadavg(load, 1);
  Progress(options, fmt::format("query: load average {:.2f}", load[0]));
  Result<QueryBenchReport> report = MeasureQueries(options);
  if (!report.ok()) {
    fmt::print(stderr, "sealog-bench query: {}\n", report.status().ToString());
    return 1;
  }
  PrintQueryReport(*report, options.json, options.json ? stderr : stdout);
  for (const QueryMismatch& m : report->mismatches) {
    const std::string where =
        m.engine == "sealog" ? fmt::format(" ({} segments)", m.segments) : std::string();
    fmt::print(stderr,
               "MISMATCH{} {}: {} {} records (seq sum {}, {} bytes), "
               "sqlite {} records (seq sum {}, {} bytes)\n",
               where, m.expression, m.engine, m.rows.records, m.rows.seq_sum, m.rows.raw_bytes,
               m.sqlite.records, m.sqlite.seq_sum, m.sqlite.raw_bytes);
  }
  return report->mismatches.empty() ? 0 : 4;
}

}  // namespace sealog::bench
