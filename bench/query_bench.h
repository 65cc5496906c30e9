// sealog-bench query: WORKLOAD.md measurements 5, 6 and 10 against SQLite and
// RocksDB.
//
// The same N events go, in the same run, into two sealed sealog stores (about
// `segments_few` and `segments_many` segments, so that the cost of a query can
// be seen not to grow with the number of segments), into SQLite (WAL, one
// table, indexes on actor, resource and ts: bench/sqlite_peer.h) and, when the
// benchmark was built with RocksDB (SEALOG_BENCH_ROCKSDB), into RocksDB (WAL,
// records and secondary index keys in one key space: bench/rocksdb_peer.h);
// without it the RocksDB figures are left out and the tables say so. Four query
// sets of `queries` each are drawn from the events with SplitMix64:
//  - actor: the actors of uniformly drawn events (Zipf-distributed, as the
//    workload draws them);
//  - resource: likewise the resources;
//  - time: ranges of `time_range_fraction` of the data's time span, starting
//    uniformly within it;
//  - actor_time: an actor as above AND a range of `actor_time_fraction` of the
//    span placed uniformly so that it holds the event the actor came from (a
//    window around one of the actor's events, as an investigation asks; a
//    range placed blindly would match nothing for most actors).
// Each query runs to completion and every returned record's raw bytes are
// read. Every set runs once untimed on every engine (page cache and caches
// warm), then each query is timed on each engine in turn, and every engine's
// answer is compared with SQLite's. Space: the bytes of segments (*.seg) and
// indexes (*.idx) per event, SQLite's database file, RocksDB's SST files.
#ifndef SEALOG_BENCH_QUERY_BENCH_H_
#define SEALOG_BENCH_QUERY_BENCH_H_

#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bench/event_set.h"
#include "sealog/query.h"
#include "sealog/status.h"
#include "sealog/store.h"

namespace sealog::bench {

struct QueryBenchOptions {
  uint64_t events = 100'000;  // the small scale
  uint64_t seed = 42;
  int queries = 100;  // per kind
  uint64_t segments_few = 10;
  uint64_t segments_many = 1'000;
  double time_range_fraction = 0.01;  // of the span, for time queries
  double actor_time_fraction = 0.01;  // of the span, for actor AND time queries
  uint64_t sqlite_cache_mb = 0;       // SQLite's page cache; 0: its default (2 MB)
  uint64_t rocksdb_cache_mb = 0;      // RocksDB's block cache; 0: its default (8 MB)
  bool map_segments = true;           // Options::map_segments of the stores queried
  std::string dir;                    // where stores go; empty: the system temp directory
  bool json = false;                  // JSON lines on stdout, the tables on stderr
  bool progress = true;               // progress lines on stderr
};

enum class QueryKind : uint8_t { kActor = 0, kResource, kTime, kActorTime };
inline constexpr size_t kQueryKindCount = 4;
inline constexpr std::array<QueryKind, kQueryKindCount> kQueryKinds = {
    QueryKind::kActor, QueryKind::kResource, QueryKind::kTime, QueryKind::kActorTime};
// "actor", "resource", "time", "actor_time"
std::string_view QueryKindName(QueryKind kind);

// One query, engine-neutral. Time bounds are inclusive, ns since the epoch.
struct QuerySpec {
  QueryKind kind = QueryKind::kActor;
  std::string value;  // the actor or the resource; empty for time
  int64_t from_ns = 0;
  int64_t to_ns = 0;
};
// The query in sealog's query language (SPEC.md "Query language").
std::string SealogExpression(const QuerySpec& spec);
// options.queries queries of each kind, in kQueryKinds order, drawn from the
// events of `set` (each kind from its own SplitMix64 stream of options.seed).
// Deterministic.
std::vector<QuerySpec> DrawQueries(const EventSet& set, const QueryBenchOptions& options);

// What a query returned: enough to tell two engines' answers apart.
struct QueryRows {
  uint64_t records = 0;
  uint64_t seq_sum = 0;    // sum of the returned seqs (sealog seq = SQLite rowid = RocksDB key seq)
  uint64_t raw_bytes = 0;  // sum of the raw lengths
  uint64_t raw_hash = 0;   // a fold over every raw byte: proves they were read
  bool operator==(const QueryRows&) const = default;
};
// Counts one returned record into *rows, reading every byte of raw.
void AddRow(QueryRows* rows, uint64_t seq, std::string_view raw);

// Appends every event to a new store in dir (segments of segment_bytes, at
// least 4096), rolls so that every segment is sealed and indexed, closes, and
// reopens it read-only (Options::map_segments as `map_segments`): the store
// queries run on.
Result<std::unique_ptr<Store>> LoadStore(const std::string& dir, const EventSet& set,
                                         uint64_t segment_bytes, bool map_segments = true);
// Runs one query on a store to its end, reading every record; *stats, unless
// null, gets the cursor's.
Result<QueryRows> RunSealog(Store& store, const std::string& expression, QueryStats* stats);

// One query kind on one engine (or one sealog store).
struct QueryFigure {
  std::string engine;  // "sealog", "sqlite" or "rocksdb"
  QueryKind kind = QueryKind::kActor;
  uint64_t segments = 0;  // sealog: closed segments of the store; the peers: 0
  int queries = 0;
  uint64_t records = 0;      // returned by all the queries
  uint64_t records_p50 = 0;  // returned by the median query
  double seconds = 0;        // the sum of the queries' latencies
  double p50_us = 0;
  double p99_us = 0;
  uint64_t records_read = 0;      // sealog: records read from segments (QueryStats)
  uint64_t segments_skipped = 0;  // sealog: segments ruled out unopened, over all queries
  uint64_t indexes_rebuilt = 0;   // sealog: index files not used (should stay 0)
  double events_per_s() const { return seconds > 0 ? records / seconds : 0; }
};

// Bytes on disk of one engine's files for the events.
struct SpaceFigure {
  std::string engine;        // "sealog", "sqlite" or "rocksdb"
  uint64_t segments = 0;     // sealog: closed segments
  uint64_t data_bytes = 0;   // sealog: *.seg; sqlite: the database file (tables and indexes);
                             // rocksdb: the SST files (records and index keys)
  uint64_t index_bytes = 0;  // sealog: *.idx; sqlite: the indexes' pages, when dbstat is there;
                             // rocksdb: the SST bytes of the index key ranges (approximate)
  uint64_t other_bytes = 0;  // sealog: manifest, seals, keys; sqlite: the WAL;
                             // rocksdb: the WAL, MANIFEST, CURRENT, OPTIONS
};

// A query that an engine answered otherwise than SQLite: an engine bug (or a
// peer's).
struct QueryMismatch {
  std::string expression;
  std::string engine;     // "sealog" or "rocksdb"
  uint64_t segments = 0;  // sealog: of the store that answered; rocksdb: 0
  QueryRows rows;         // the engine's answer
  QueryRows sqlite;
};

// The engines of a report, in the order of its figures: the few-segment store,
// the many-segment store, SQLite, and RocksDB when it was compiled in.
inline constexpr size_t kEngineFew = 0, kEngineMany = 1, kEngineSqlite = 2, kEngineRocksdb = 3;
inline constexpr size_t kEngineCountMax = 4;
// Whether this build has the RocksDB peer (SEALOG_BENCH_ROCKSDB).
bool RocksdbCompiledIn();

struct QueryBenchReport {
  uint64_t events = 0;
  uint64_t json_bytes = 0;
  int queries = 0;                   // per kind
  double time_span_s = 0;            // of the data's event times
  bool rocksdb = false;              // RocksDB was measured: its figures, space and counts
  std::vector<QueryFigure> figures;  // per engine (kEngineFew...), per kind
  std::vector<SpaceFigure> space;    // per engine: few, many, sqlite[, rocksdb]
  // Per query (in DrawQueries order), the records each engine returned, by
  // kEngineFew...; [kEngineRocksdb] is 0 without RocksDB.
  std::vector<std::array<uint64_t, kEngineCountMax>> counts;
  std::vector<QueryMismatch> mismatches;
  std::vector<std::string> sqlite_plans;   // EXPLAIN QUERY PLAN, one per kind
  std::vector<std::string> rocksdb_plans;  // RocksdbPeer::Plan, one per kind, with RocksDB
  uint64_t rocksdb_sst_files = 0;          // after its load's compaction
  size_t engine_count() const { return rocksdb ? 4 : 3; }
};

// Loads the engines, runs the queries, and returns the figures.
Result<QueryBenchReport> MeasureQueries(const QueryBenchOptions& options);
// The tables (to `out`) and, with json, the JSON lines (to stdout).
void PrintQueryReport(const QueryBenchReport& report, bool json, std::FILE* out);
// Runs the benchmark and prints its figures. Returns the process exit code:
// 0, 1 when it could not run, 4 when sealog or RocksDB answered a query
// otherwise than SQLite (each such query is printed on stderr).
int RunQueryBench(const QueryBenchOptions& options);

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_QUERY_BENCH_H_
