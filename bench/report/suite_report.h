// The report of a benchmark suite run (sealog-bench all, sealog-bench report):
// from the JSON lines each benchmark left in the report directory, a Markdown
// page of tables and the SVG plots it shows.
//
// The directory holds run.jsonl (the machine and run, then one line per
// benchmark: its command, exit code and seconds), <bench>.jsonl (the figures)
// and <bench>.log (the tables and progress it printed). Written into it:
// REPORT.md and the plots:
//   throughput_by_writers.svg  events/s against blocking writers, per mode and engine
//   ack_latency_cdf.svg        acknowledgement latency distributions of the durable runs
//   query_latency.svg          p50 (bars) and p99 (marks) per query kind and engine
//   query_latency_by_tier.svg  the same per tier (hot, warm, cold)
//   bytes_per_event.svg        data and index bytes per event: lines, zstd, tiers, peers
#ifndef SEALOG_BENCH_REPORT_SUITE_REPORT_H_
#define SEALOG_BENCH_REPORT_SUITE_REPORT_H_

#include <string>

#include "sealog/status.h"

namespace sealog::bench::report {

// The benchmarks of a suite run, in the order they run and are reported;
// each leaves <name>.jsonl and <name>.log.
inline constexpr const char* kSuiteBenches[] = {"append", "evidence", "recovery", "query", "tiers"};

inline constexpr const char* kRunFile = "run.jsonl";
inline constexpr const char* kReportFile = "REPORT.md";

// Reads what is in dir and writes the report and plots there. A benchmark
// that did not run or failed gets a line saying so; a file that cannot be
// parsed is an error naming it.
Status WriteSuiteReport(const std::string& dir);

}  // namespace sealog::bench::report

#endif  // SEALOG_BENCH_REPORT_SUITE_REPORT_H_
