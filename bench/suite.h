// sealog-bench all: every measurement of WORKLOAD.md at one scale, each
// benchmark in a child process of its own (a fresh heap and page cache state
// per benchmark, none slowed by the last one's memory), its JSON lines and
// its tables kept in the report directory, then the report written there
// (bench/report/suite_report.h).
#ifndef SEALOG_BENCH_SUITE_H_
#define SEALOG_BENCH_SUITE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bench/report/suite_report.h"

namespace sealog::bench {

// The names of the scales of WORKLOAD.md and their events.
struct Scale {
  const char* name;
  uint64_t events;
};
inline constexpr Scale kScales[] = {
    {"small", 100'000}, {"medium", 2'000'000}, {"large", 20'000'000}};

// What the suite records as the version of the tool that ran it.
inline constexpr const char* kBenchVersion = "sealog-bench 0.1.0";

struct SuiteOptions {
  std::string scale = "small";
  uint64_t events = 0;  // > 0: this many instead of the scale's (the smoke test's tiny runs)
  uint64_t seed = 42;
  int repetitions = 1;  // of append, evidence and recovery; medians reported
  std::string out;      // the report directory: created, must not hold a report already
  std::string dir;      // where the stores go; empty: the system temp directory
  std::vector<std::string> benches;  // a subset of report::kSuiteBenches; empty: all of them
  std::string command;               // how the suite was started, for the report
};

// Runs the benchmarks and writes the report. Returns the process exit code:
// 0 when every benchmark and the report succeeded, 1 otherwise (the report
// is written all the same, naming what failed), 2 for bad options.
int RunSuite(const SuiteOptions& options);

// The arguments of one benchmark's child process at a scale, after the
// executable's name. Exposed for tests.
std::vector<std::string> SuiteBenchArguments(const std::string& bench, const SuiteOptions& options,
                                             uint64_t events);

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_SUITE_H_
