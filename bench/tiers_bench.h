// sealog-bench tiers: what the storage tiers cost and save (issue 5).
//
// The same N events of the reference workload, in the same run:
//  - the raw JSON Lines (each event's line and a newline) compressed in memory
//    with libzstd at levels 3 and 19, one thread, one frame: what `zstd -3`
//    and `zstd -19` of the lines make of them, without file I/O;
//  - a sealed sealog store of `segment_bytes` segments: bytes on disk per
//    event, hot (*.seg), after `retention run` moved every segment of a copy
//    warm (*.wrm), and after it moved every segment of another copy cold
//    (*.arc, at zstd `cold_level`); the index files (*.idx) of hot and warm
//    apart; cold has none, its archives carry the index heads (counted in
//    its bytes, and shown apart too);
//  - the moves themselves: segment bytes, and JSON Lines bytes, per second
//    through Store::RunRetention (compress, write, fsync, read back against
//    the seal, switch the MANIFEST, remove the old files), so with their
//    I/O, unlike the zstd runs; wall and process CPU time, and the cold
//    move's speed over zstd -19's of the same lines;
//  - optionally the cold move again at other levels (`cold_levels`), each
//    on a fresh copy of the hot store: size and speed per level;
//  - query latency on hot, warm and cold segments: the query sets of
//    `sealog-bench query` (actor, resource, time, actor AND time; drawn by
//    DrawQueries), each run once untimed on every tier, then timed; the
//    answers on all tiers must be the same records, or the run fails.
#ifndef SEALOG_BENCH_TIERS_BENCH_H_
#define SEALOG_BENCH_TIERS_BENCH_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/query_bench.h"
#include "sealog/config.h"
#include "sealog/status.h"

namespace sealog::bench {

struct TiersBenchOptions {
  uint64_t events = 100'000;
  uint64_t seed = 42;
  int queries = 50;  // per kind, on each tier
  uint64_t segment_bytes = 4ull << 20;
  bool zstd_19 = true;  // zstd -19 takes about a minute at the small scale
  // zstd level of the cold store queried: the store default unless set.
  int cold_level = StoreConfig().cold_level;
  // More cold moves, one per level, each of a fresh copy: their size and speed.
  std::vector<int> cold_levels;
  // Options::frame_cache_bytes of the stores queried (decoded warm frames).
  uint64_t frame_cache_bytes = Options().frame_cache_bytes;
  std::string dir;    // where the stores go; empty: the system temp directory
  bool json = false;  // JSON lines on stdout, the tables on stderr
  bool progress = true;
};

// One way of keeping the events: its bytes and, when it was timed, how fast.
struct TierSpaceFigure {
  std::string name;          // "jsonl", "zstd-3", "zstd-19", "hot", "warm", "cold"
  uint64_t bytes = 0;        // of the events' data: segments (not indexes), or archives
  uint64_t index_bytes = 0;  // *.idx, for hot and warm
  double seconds = 0;        // to make it from the lines or the hot segments; 0: not timed
  double cpu_seconds = 0;    // the process's CPU time meanwhile (user and system)
  uint64_t input_bytes = 0;  // what those seconds read
  double mb_per_s() const { return seconds > 0 ? input_bytes / seconds / 1e6 : 0; }
};

// One cold move: the archives, what is inside them, and how fast it went.
struct ColdFigure {
  int level = 0;
  TierSpaceFigure space;  // bytes: the archive files, everything in them
  uint64_t archives = 0;
  uint64_t index_head_bytes = 0;  // inside the archives: the segments' index heads
  uint64_t seal_bytes = 0;        // inside them: the seal chain entries they carry
  uint64_t blocks = 0;
  uint64_t column_blocks = 0;  // of those, kept as record columns
};

// Query latency of one kind on one tier.
struct TierQueryFigure {
  std::string tier;  // "hot", "warm", "cold"
  QueryKind kind = QueryKind::kActor;
  int queries = 0;
  uint64_t records = 0;  // returned by all the queries
  double p50_us = 0;
  double p99_us = 0;
  // The set's first, untimed run on the tier, all its queries: what the
  // first touches cost (index files opened, cold blocks decoded).
  double first_run_ms = 0;
};

struct TiersBenchReport {
  uint64_t events = 0;
  uint64_t json_bytes = 0;  // the lines with their newlines
  uint64_t segments = 0;
  std::vector<TierSpaceFigure> space;    // jsonl, zstd-3, zstd-19, hot, warm, cold
  std::vector<ColdFigure> cold;          // the queried store's move, then one per cold_levels
  std::vector<TierQueryFigure> queries;  // hot kinds, warm kinds, cold kinds, kQueryKinds order
};

Result<TiersBenchReport> MeasureTiers(const TiersBenchOptions& options);
// The tables; the JSON lines too when options.json (tables then on stderr).
void PrintTiersReport(const TiersBenchOptions& options, const TiersBenchReport& report,
                      std::FILE* table, std::FILE* json);
int RunTiersBench(const TiersBenchOptions& options);

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_TIERS_BENCH_H_
