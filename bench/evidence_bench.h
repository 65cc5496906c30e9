// sealog-bench evidence: what tamper evidence costs, on the reference workload.
//
//   1. appends with sealing on against sealing off (Options::seal_segments),
//      the same events, durability none and batch, in the same run;
//   2. the time to seal one segment (Store::Roll on a full active segment);
//   3. verify throughput (sealog::Verify over a sealed store, page cache warm:
//      the CPU cost of checksums, leaf hashes, Merkle roots and signatures);
//   4. inclusion proofs: size, time to make, time to check offline.
#ifndef SEALOG_BENCH_EVIDENCE_BENCH_H_
#define SEALOG_BENCH_EVIDENCE_BENCH_H_

#include <cstdint>
#include <string>

namespace sealog::bench {

struct EvidenceBenchOptions {
  uint64_t events = 100'000;  // the small scale
  uint64_t seed = 42;
  uint64_t segment_bytes = 8u << 20;  // segment_size_max: a seal every this many bytes
  int repetitions = 3;                // of the sealing on/off comparison; medians reported
  int proofs = 20;                    // records proved and checked
  std::string dir;                    // where stores go; empty: the system temp directory
  bool json = false;                  // JSON lines on stdout, the table on stderr
};

// Runs the benchmark and prints its figures. Returns the process exit code.
int RunEvidenceBench(const EvidenceBenchOptions& options);

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_EVIDENCE_BENCH_H_
