// sealog-bench recovery: WORKLOAD.md measurements 7 and 8 on the reference
// workload.
//
//   8. Recovery: a child process opens a new store (default options: 64 MiB
//      segments, so the whole small scale is one unsealed active segment),
//      appends every event, waits until they are durable and is killed with
//      SIGKILL. The time of the next Open is measured, as the writer (which
//      scans the tail, rebuilds its index and Merkle leaves, syncs it) and
//      read-only (which scans it too, and writes nothing).
//   7. Full scan and verify: the recovered store is sealed (Roll), then a
//      read-only Scan of every record (each record's raw bytes read) and
//      Verify, page cache warm, each as GB/s of segment bytes, against the
//      limit of reading the same files with 1 MiB preads.
#ifndef SEALOG_BENCH_RECOVERY_BENCH_H_
#define SEALOG_BENCH_RECOVERY_BENCH_H_

#include <cstdint>
#include <string>

namespace sealog::bench {

struct RecoveryBenchOptions {
  uint64_t events = 100'000;  // the small scale
  uint64_t seed = 42;
  int repetitions = 3;  // medians reported
  std::string dir;      // where stores go; empty: the system temp directory
  bool json = false;    // JSON lines on stdout, the table on stderr
};

// Runs the benchmark and prints its figures. Returns the process exit code.
int RunRecoveryBench(const RecoveryBenchOptions& options);

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_RECOVERY_BENCH_H_
