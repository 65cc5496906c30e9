// PrintQueryReport (bench/query_bench.h): the query benchmark's tables and
// JSON lines.
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "bench/query_bench.h"

namespace sealog::bench {
namespace {

// report.figures holds, for each engine (few-segment store, many-segment
// store, SQLite, RocksDB when it was measured), one figure per kind in
// kQueryKinds order.
const QueryFigure& FigureOf(const QueryBenchReport& report, size_t engine, size_t kind) {
  return report.figures[engine * kQueryKindCount + kind];
}

double Ratio(double a, double b) { return b > 0 ? a / b : 0; }

// Table and index bytes of an engine: sealog's segments and index files;
// SQLite's pages apart from its indexes', and theirs; RocksDB's SST bytes
// apart from its index key ranges', and theirs.
struct Split {
  uint64_t data = 0, index = 0, total = 0;
};

Split SplitOf(const SpaceFigure& space) {
  Split split;
  split.index = space.index_bytes;
  if (space.engine == "sqlite" || space.engine == "rocksdb") {
    split.data = space.data_bytes - space.index_bytes;
    split.total = space.data_bytes + space.other_bytes;
  } else {
    split.data = space.data_bytes;
    split.total = space.data_bytes + space.index_bytes + space.other_bytes;
  }
  return split;
}

// a / b with two decimals, or "-" for an engine against itself.
std::string RatioCell(bool self, double a, double b) {
  return self ? std::string("-") : fmt::format("{:.2f}", Ratio(a, b));
}

void PrintQueries(const QueryBenchReport& report, std::FILE* out) {
  fmt::print(out,
             "queries: {} events over {:.1f} s of event time, {} queries per kind, each set run "
             "once untimed on every engine first; latencies in us\n",
             report.events, report.time_span_s, report.queries);
  if (!report.rocksdb) {
    fmt::print(
        out,
        "(rocksdb: not compiled in: librocksdb-dev not found, or SEALOG_BENCH_WITH_ROCKSDB off)\n");
  }
  fmt::print(out, "{:<10} {:<7} {:>8} {:>10} {:>7} {:>9} {:>9} {:>11} {:>9} {:>8} {:>8}", "kind",
             "engine", "segments", "records", "rec p50", "p50 us", "p99 us", "events/s", "read/ret",
             "p50 xSQL", "p99 xSQL");
  if (report.rocksdb) fmt::print(out, " {:>8} {:>8}", "p50 xRDB", "p99 xRDB");
  fmt::print(out, "\n");
  for (size_t k = 0; k < kQueryKindCount; ++k) {
    const QueryFigure& sqlite = FigureOf(report, kEngineSqlite, k);
    for (size_t engine = 0; engine < report.engine_count(); ++engine) {
      const QueryFigure& f = FigureOf(report, engine, k);
      const bool is_sealog = engine < kEngineSqlite;
      fmt::print(
          out, "{:<10} {:<7} {:>8} {:>10} {:>7} {:>9.1f} {:>9.1f} {:>11.0f} {:>9} {:>8} {:>8}",
          QueryKindName(f.kind), f.engine,
          is_sealog ? std::to_string(f.segments) : std::string("-"), f.records, f.records_p50,
          f.p50_us, f.p99_us, f.events_per_s(),
          is_sealog ? fmt::format("{:.2f}", Ratio(f.records_read, f.records)) : std::string("-"),
          RatioCell(engine == kEngineSqlite, f.p50_us, sqlite.p50_us),
          RatioCell(engine == kEngineSqlite, f.p99_us, sqlite.p99_us));
      if (report.rocksdb) {
        const QueryFigure& rocksdb = FigureOf(report, kEngineRocksdb, k);
        fmt::print(out, " {:>8} {:>8}",
                   RatioCell(engine == kEngineRocksdb, f.p50_us, rocksdb.p50_us),
                   RatioCell(engine == kEngineRocksdb, f.p99_us, rocksdb.p99_us));
      }
      fmt::print(out, "\n");
    }
  }
  for (const QueryFigure& f : report.figures) {
    if (f.indexes_rebuilt == 0) continue;
    fmt::print(out, "WARNING: {} {} queries on {} segments rebuilt {} indexes\n", f.engine,
               QueryKindName(f.kind), f.segments, f.indexes_rebuilt);
  }
  fmt::print(
      out,
      "(records: returned by all the queries; rec p50: by the median query; read/ret: "
      "records sealog read per record returned; p50 xSQL, p99 xSQL: the engine / SQLite{})\n",
      report.rocksdb ? "; xRDB: the engine / RocksDB" : "");
}

void PrintSegments(const QueryBenchReport& report, std::FILE* out) {
  fmt::print(out, "\nthe same events in {} and in {} segments:\n", FigureOf(report, 0, 0).segments,
             FigureOf(report, 1, 0).segments);
  fmt::print(out, "{:<10} {:>10} {:>10} {:>7} {:>10} {:>10} {:>7} {:>14}\n", "kind", "p50 few",
             "p50 many", "x", "p99 few", "p99 many", "x", "skipped/query");
  for (size_t k = 0; k < kQueryKindCount; ++k) {
    const QueryFigure& few = FigureOf(report, 0, k);
    const QueryFigure& many = FigureOf(report, 1, k);
    fmt::print(out, "{:<10} {:>10.1f} {:>10.1f} {:>7.2f} {:>10.1f} {:>10.1f} {:>7.2f} {:>14.1f}\n",
               QueryKindName(few.kind), few.p50_us, many.p50_us, Ratio(many.p50_us, few.p50_us),
               few.p99_us, many.p99_us, Ratio(many.p99_us, few.p99_us),
               Ratio(many.segments_skipped, many.queries));
  }
  fmt::print(out, "(skipped/query: segments of the many-segment store ruled out unopened)\n");
}

void PrintSpace(const QueryBenchReport& report, std::FILE* out) {
  fmt::print(out, "\nspace, bytes per event (JSON: {:.1f}):\n",
             Ratio(report.json_bytes, report.events));
  fmt::print(out, "{:<7} {:>8} {:>10} {:>10} {:>10} {:>11}\n", "engine", "segments", "data",
             "index", "total", "index/data");
  for (const SpaceFigure& space : report.space) {
    const Split split = SplitOf(space);
    const double n = static_cast<double>(report.events);
    fmt::print(out, "{:<7} {:>8} {:>10.1f} {:>10.1f} {:>10.1f} {:>11}\n", space.engine,
               space.engine == "sealog" ? std::to_string(space.segments) : std::string("-"),
               split.data / n, split.index / n, split.total / n,
               split.index > 0 ? fmt::format("{:.3f}", Ratio(split.index, split.data)) : "-");
  }
  fmt::print(out,
             "(sealog data: *.seg, index: *.idx; sqlite data: table pages, index: the pages "
             "of its 3 indexes, total: database file and WAL{})\n",
             report.rocksdb
                 ? fmt::format("; rocksdb data: SST bytes less the index keys' (records, "
                               "block indexes, metadata; blocks compressed as below), index: the "
                               "SST bytes of the index key ranges (GetApproximateSizes), total: "
                               "SST files ({}), WAL, MANIFEST, OPTIONS",
                               report.rocksdb_sst_files)
                 : std::string());
  fmt::print(out, "\nsqlite plans:\n");
  for (size_t k = 0; k < report.sqlite_plans.size(); ++k) {
    fmt::print(out, "  {:<10} {}\n", QueryKindName(kQueryKinds[k]), report.sqlite_plans[k]);
  }
  if (!report.rocksdb) return;
  fmt::print(out, "\nrocksdb reads:\n");
  for (size_t k = 0; k < report.rocksdb_plans.size(); ++k) {
    fmt::print(out, "  {:<10} {}\n", QueryKindName(kQueryKinds[k]), report.rocksdb_plans[k]);
  }
}

void PrintJson(const QueryBenchReport& report) {
  for (size_t engine = 0; engine < report.engine_count(); ++engine) {
    for (size_t k = 0; k < kQueryKindCount; ++k) {
      const QueryFigure& f = FigureOf(report, engine, k);
      std::string line =
          fmt::format(R"({{"bench":"query","engine":"{}","kind":"{}","segments":{},"queries":{})",
                      f.engine, QueryKindName(f.kind), f.segments, f.queries);
      line +=
          fmt::format(R"(,"records":{},"records_p50":{},"seconds":{:.6f},"events_per_s":{:.0f})",
                      f.records, f.records_p50, f.seconds, f.events_per_s());
      line += fmt::format(R"(,"p50_us":{:.1f},"p99_us":{:.1f})", f.p50_us, f.p99_us);
      if (engine < kEngineSqlite) {
        line += fmt::format(R"(,"records_read":{},"segments_skipped":{},"indexes_rebuilt":{})",
                            f.records_read, f.segments_skipped, f.indexes_rebuilt);
      }
      if (engine != kEngineSqlite) {
        const QueryFigure& sqlite = FigureOf(report, kEngineSqlite, k);
        line += fmt::format(R"(,"p50_ratio_to_sqlite":{:.3f},"p99_ratio_to_sqlite":{:.3f})",
                            Ratio(f.p50_us, sqlite.p50_us), Ratio(f.p99_us, sqlite.p99_us));
      }
      if (report.rocksdb && engine != kEngineRocksdb) {
        const QueryFigure& rocksdb = FigureOf(report, kEngineRocksdb, k);
        line += fmt::format(R"(,"p50_ratio_to_rocksdb":{:.3f},"p99_ratio_to_rocksdb":{:.3f})",
                            Ratio(f.p50_us, rocksdb.p50_us), Ratio(f.p99_us, rocksdb.p99_us));
      }
      fmt::print("{}}}\n", line);
    }
  }
  for (const SpaceFigure& space : report.space) {
    const Split split = SplitOf(space);
    const double n = static_cast<double>(report.events);
    fmt::print(R"({{"bench":"query","figure":"space","engine":"{}","segments":{},"events":{},)"
               R"("data_bytes":{},"index_bytes":{},"total_bytes":{},"data_bytes_per_event":{:.1f},)"
               R"("index_bytes_per_event":{:.1f},"index_to_data":{:.4f}}})"
               "\n",
               space.engine, space.segments, report.events, split.data, split.index, split.total,
               split.data / n, split.index / n, Ratio(split.index, split.data));
  }
  fmt::print(R"({{"bench":"query","figure":"mismatches","count":{}}})"
             "\n",
             report.mismatches.size());
}

}  // namespace

void PrintQueryReport(const QueryBenchReport& report, bool json, std::FILE* out) {
  if (report.figures.size() != report.engine_count() * kQueryKindCount) return;
  if (json) PrintJson(report);
  PrintQueries(report, out);
  PrintSegments(report, out);
  PrintSpace(report, out);
}

}  // namespace sealog::bench
