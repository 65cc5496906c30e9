// sealog-bench formats: how fast each output format of query, tail and export
// writes records, against writing the original bytes (--format raw) in the
// same run.
#ifndef SEALOG_BENCH_FORMATS_BENCH_H_
#define SEALOG_BENCH_FORMATS_BENCH_H_

#include <cstdint>

namespace sealog::bench {

struct FormatsBenchOptions {
  uint64_t events = 100'000;
  uint64_t seed = 42;
  int repetitions = 5;  // medians are reported
  bool json = false;
};

int RunFormatsBench(const FormatsBenchOptions& options);

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_FORMATS_BENCH_H_
