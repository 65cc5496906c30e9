// One timed run of appends into a fresh store, in one durability mode.
#ifndef SEALOG_BENCH_APPEND_RUNS_H_
#define SEALOG_BENCH_APPEND_RUNS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bench/event_set.h"
#include "bench/recording_env.h"
#include "sealog/options.h"
#include "sealog/status.h"

namespace sealog::bench {

struct AppendRunConfig {
  Durability durability = Durability::kBatch;
  // Writer threads. With kBatch and one writer, the writer calls AppendAsync
  // and keeps the group commit full (unless `blocking`); otherwise each writer
  // calls the blocking Append on its share of the events. REQUIRES: writers >= 1.
  int writers = 1;
  bool use_io_uring = true;
  // Appends the first `events` events of the set. REQUIRES: <= set size.
  uint64_t events = 0;
  // The AppendAsync writer waits for the disk once this many bytes of events
  // are queued and not yet durable. Throughput needs at least two group
  // commits' worth (one being written while the next fills); every byte more
  // only adds queueing delay to the acknowledgement latency.
  uint64_t async_window_bytes = 2ull << 20;
  // Options::seal_segments; off only to measure what sealing costs.
  bool seal_segments = true;
  // kBatch with one writer: the blocking Append, as with several writers (the
  // writer-count sweep), instead of AppendAsync.
  bool blocking = false;
};

struct AppendRunResult {
  uint64_t events = 0;
  uint64_t json_bytes = 0;  // the raw bytes of the appended events
  // From the first append to the last acknowledgement: the last Append
  // returning (kNone, kSync, several writers), or the last record durable
  // (kBatch with one writer).
  double seconds = 0;
  // After `seconds`: Flush and closing the store, so that everything is on
  // disk. What kNone defers.
  double flush_seconds = 0;
  // Per event, from calling Append(Async) to the acknowledgement, in ns.
  // Empty for kNone, which acknowledges on queueing.
  std::vector<uint64_t> latencies_ns;
  bool io_uring = false;    // StoreStats::io_uring: appends went through io_uring
  WriteTrace trace;         // every write and sync the store made, open to close
  uint64_t disk_bytes = 0;  // size of the store's files after closing
};

// Creates a store in `dir` (which must not exist), appends, closes it, and
// leaves the files there for the caller to read or remove. The store runs over
// a RecordingEnv on the POSIX Env.
Result<AppendRunResult> RunAppend(const std::string& dir, const EventSet& set,
                                  const AppendRunConfig& config);

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_APPEND_RUNS_H_
