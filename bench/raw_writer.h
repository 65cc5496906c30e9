// The raw limit: what the disk does with plain pwrite + fdatasync.
#ifndef SEALOG_BENCH_RAW_WRITER_H_
#define SEALOG_BENCH_RAW_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bench/recording_env.h"
#include "sealog/status.h"

namespace sealog::bench {

struct RawRun {
  double seconds = 0;
  uint64_t bytes = 0;
  uint64_t syncs = 0;
};

// A plan of batch_bytes writes, each followed by fdatasync, covering
// total_bytes (the last write is shorter).
std::vector<WriteOp> SequentialPlan(uint64_t total_bytes, uint64_t batch_bytes);

// Creates (or truncates) the file at path and runs the plan on it: each op
// pwrites op.bytes at the end of the file, taken from data in order (from the
// start again when data runs out), then fdatasyncs when op.sync. One thread,
// no preallocation, the file closed at the end (not removed). The clock runs
// from the first pwrite to the last fdatasync. REQUIRES: data not empty.
Result<RawRun> RunRawWrites(const std::string& path, std::string_view data,
                            const std::vector<WriteOp>& plan);

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_RAW_WRITER_H_
