// Timing helpers of the benchmarks: the clock they time with, durations as
// seconds and nanoseconds, and the median of repeated figures.
#ifndef SEALOG_BENCH_TIMING_H_
#define SEALOG_BENCH_TIMING_H_

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

namespace sealog::bench {

using Clock = std::chrono::steady_clock;

inline double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }
inline double SecondsSince(Clock::time_point start) { return Seconds(Clock::now() - start); }
inline uint64_t Nanos(Clock::duration d) {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count());
}

// The middle value (the upper one of an even count). REQUIRES: not empty.
inline double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_TIMING_H_
