// sealog-bench append: append throughput and latency against the raw limit.
//
// Generates the workload into memory, then, each in a fresh store directory,
// appends it in every durability mode (none; batch with one AppendAsync
// writer and with 8 blocking writers; sync on fewer events), with io_uring on
// and off. The raw limit is measured in the same run on the same bytes: the
// files the store wrote for the events, written sequentially with pwrite +
// fdatasync, once in 1 MiB batches and once replaying each run's own writes
// and syncs. Then the peers of WORKLOAD.md, SQLite and RocksDB, append the
// same events in the same modes, as closely as each allows (append_bench.cc
// says how; peer_append.h has the runs), each in a fresh directory. See
// docs/BENCHMARKS.md.
#ifndef SEALOG_BENCH_APPEND_BENCH_H_
#define SEALOG_BENCH_APPEND_BENCH_H_

#include <cstdint>
#include <string>
#include <vector>

namespace sealog::bench {

struct AppendBenchOptions {
  uint64_t events = 100'000;     // the small scale
  uint64_t sync_events = 2'000;  // durability sync: one fdatasync per event
  uint64_t seed = 42;
  uint64_t raw_batch_bytes = 1 << 20;        // the group commit's limit, group_commit_bytes_max
  int writers = 8;                           // threads of the blocking batch run
  uint64_t async_window_bytes = 2ull << 20;  // see AppendRunConfig
  int repetitions = 1;                       // the whole matrix, this many times; medians reported
  // Where the stores go: a new directory is made inside and removed at the
  // end. Empty: the system temp directory.
  std::string dir;
  bool json = false;         // JSON lines on stdout, the table on stderr
  bool io_uring_on = true;   // run with use_io_uring = true
  bool io_uring_off = true;  // run with use_io_uring = false
  // Which runs besides durability none (which always runs): batch with one
  // AppendAsync writer, batch with `writers` blocking writers, sync.
  bool run_async = true;
  bool run_writers = true;
  bool run_sync = true;
  bool seal_segments = true;  // Options::seal_segments
  // The peers' runs (--peers): RocksDB only when compiled in
  // (SEALOG_BENCH_ROCKSDB); otherwise a notice says it is skipped.
  bool peer_sqlite = true;
  bool peer_rocksdb = true;
  // Events of the peers' blocking-writer runs: SQLite lets one writer in at
  // a time, each commit its own fdatasync (about 300 events/s here), so the
  // small scale's 100,000 would take minutes. Rates are compared, not totals.
  uint64_t peer_writer_events = 10'000;
  // Events of sealog's blocking-writer batch run; 0: all of them. At the
  // medium scale, 2,000,000 events at ~4 per fdatasync would take minutes.
  uint64_t writers_events = 0;
  // The writer-count sweep (bench "append-writers"): for each count, that many
  // threads each calling the blocking Append, in every durability mode (the
  // peers: not durable and durable), io_uring as the store's default. Empty:
  // no sweep. Durable runs append writer_count_events events; none runs at
  // most kSweepNoneEventsMax (the small scale).
  std::vector<int> writer_counts;
  uint64_t writer_count_events = 2'000;
  static constexpr uint64_t kSweepNoneEventsMax = 100'000;
};

// Runs the benchmark and prints its figures. Returns the process exit code.
int RunAppendBench(const AppendBenchOptions& options);

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_APPEND_BENCH_H_
