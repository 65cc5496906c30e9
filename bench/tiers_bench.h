// sealog-bench tiers: what the storage tiers cost and save (issue 5).
//
// The same N events of the reference workload, in the same run:
//  - the raw JSON Lines (each event's line and a newline) compressed in memory
//    with libzstd at levels 3 and 19, one thread, one frame: what `zstd -3`
//    and `zstd -19` of the lines make of them, without file I/O;
//  - a sealed sealog store of `segment_bytes` segments: bytes on disk per
//    event, hot (*.seg) and after `retention run` moved every segment warm
//    (*.wrm); the index files (*.idx), the same in both tiers, apart;
//  - the move itself: segment bytes per second through Store::RunRetention
//    (compress, write, fsync, read back against the seal, switch the
//    MANIFEST, remove the hot file), so with its I/O, unlike the zstd runs;
//  - query latency on hot and on warm segments: the query sets of
//    `sealog-bench query` (actor, resource, time, actor AND time; drawn by
//    DrawQueries), each run once untimed on the tier, then timed; the answers
//    on both tiers must be the same records, or the run fails.
// The cold tier is not built yet; its columns come with it.
#ifndef SEALOG_BENCH_TIERS_BENCH_H_
#define SEALOG_BENCH_TIERS_BENCH_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/query_bench.h"
#include "sealog/status.h"

namespace sealog::bench {

struct TiersBenchOptions {
  uint64_t events = 100'000;
  uint64_t seed = 42;
  int queries = 50;  // per kind, on each tier
  uint64_t segment_bytes = 4ull << 20;
  bool zstd_19 = true;  // zstd -19 takes about a minute at the small scale
  std::string dir;      // where the store goes; empty: the system temp directory
  bool json = false;    // JSON lines on stdout, the tables on stderr
  bool progress = true;
};

// One way of keeping the events: its bytes and, when it was timed, how fast.
struct TierSpaceFigure {
  std::string name;          // "jsonl", "zstd-3", "zstd-19", "hot", "warm"
  uint64_t bytes = 0;        // of the events' data (the segments, not the indexes)
  uint64_t index_bytes = 0;  // *.idx, for hot and warm
  double seconds = 0;        // to make it from the lines or the hot segments; 0: not timed
  uint64_t input_bytes = 0;  // what those seconds read
  double mb_per_s() const { return seconds > 0 ? input_bytes / seconds / 1e6 : 0; }
};

// Query latency of one kind on one tier.
struct TierQueryFigure {
  std::string tier;  // "hot", "warm"
  QueryKind kind = QueryKind::kActor;
  int queries = 0;
  uint64_t records = 0;  // returned by all the queries
  double p50_us = 0;
  double p99_us = 0;
};

struct TiersBenchReport {
  uint64_t events = 0;
  uint64_t json_bytes = 0;  // the lines with their newlines
  uint64_t segments = 0;
  std::vector<TierSpaceFigure> space;
  std::vector<TierQueryFigure> queries;  // hot kinds, then warm kinds, kQueryKinds order
};

Result<TiersBenchReport> MeasureTiers(const TiersBenchOptions& options);
// The tables; the JSON lines too when options.json (tables then on stderr).
void PrintTiersReport(const TiersBenchOptions& options, const TiersBenchReport& report,
                      std::FILE* table, std::FILE* json);
int RunTiersBench(const TiersBenchOptions& options);

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_TIERS_BENCH_H_
