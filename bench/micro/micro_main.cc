// sealog-micro: Google Benchmark micro-benchmarks of the hot paths, one file
// per area (record, crypto, index, query, ingest). docs/BENCHMARKS.md,
// "Micro-benchmarks", says what each one measures.
//
// The usual Google Benchmark flags apply (--benchmark_filter,
// --benchmark_min_time, --benchmark_format=json, ...). Unlike BENCHMARK_MAIN,
// the exit status is 1 when a benchmark found a wrong result (Fail) or when
// no benchmark ran, so that the CTest smoke run catches both.
#include <benchmark/benchmark.h>

#include "bench/micro/micro_data.h"

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  const size_t ran = benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return ran > 0 && sealog::bench::micro::Failures() == 0 ? 0 : 1;
}
