// SplitMix64: the random source of the reference workload (WORKLOAD.md).
#ifndef SEALOG_BENCH_SPLIT_MIX64_H_
#define SEALOG_BENCH_SPLIT_MIX64_H_

#include <cstdint>

namespace sealog::bench {

// The same sequence as SplitMix64 in bench/reference/gen_workload.py, draw
// for draw. Not thread safe; cheap to copy.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ull;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // next() % n. REQUIRES: n > 0.
  uint64_t Uniform(uint64_t n) { return Next() % n; }
  // A double in [0, 1) from the top 53 bits.
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

 private:
  uint64_t state_;
};

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_SPLIT_MIX64_H_
