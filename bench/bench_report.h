// Figures of a benchmark run: one JSON line each, and a table for people.
#ifndef SEALOG_BENCH_BENCH_REPORT_H_
#define SEALOG_BENCH_BENCH_REPORT_H_

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace sealog::bench {

// One measured configuration. MB are 10^6 bytes.
struct Figure {
  std::string bench;              // "append", or "append-writers" for the writer-count sweep
  std::string engine = "sealog";  // or a peer: "sqlite", "rocksdb"
  std::string mode;               // "raw", "none", "batch", "sync"
  std::string variant;  // for raw: "1MiB" or "same-batches:<mode>/<writers>"; for a peer, how
                        // it is driven (append_bench.cc); else empty
  int writers = 1;
  bool io_uring = false;  // appends actually went through io_uring
  uint64_t events = 0;
  double seconds = 0;
  uint64_t disk_bytes = 0;   // bytes written to files (the store's, or the raw copy of them)
  uint64_t json_bytes = 0;   // the events' JSON bytes
  uint64_t syncs = 0;        // fdatasync calls
  double flush_seconds = 0;  // time to Flush and close after the last acknowledgement
  int samples = 1;           // runs this figure is the median of
  std::optional<double> p50_us;
  std::optional<double> p99_us;
  // The acknowledgement latency at each of kCdfQuantiles, in µs; empty when
  // acknowledgements were not timed (durability none).
  std::vector<double> latency_cdf_us;
  std::optional<double> ratio_to_raw;               // mb_per_s / raw 1 MiB mb_per_s
  std::optional<double> ratio_to_raw_same_batches;  // mb_per_s / raw replay of this run's writes
  // Peers: sealog's events/s in the same mode and writers (the better of its
  // io_uring runs) / this figure's events/s.
  std::optional<double> sealog_ratio;

  double events_per_s() const { return seconds > 0 ? events / seconds : 0; }
  double mb_per_s() const { return seconds > 0 ? disk_bytes / seconds / 1e6 : 0; }
  double input_mb_per_s() const { return seconds > 0 ? json_bytes / seconds / 1e6 : 0; }
  // Bytes per fdatasync: the size of a group commit.
  double bytes_per_sync() const { return syncs > 0 ? static_cast<double>(disk_bytes) / syncs : 0; }
};

// The quantiles of Figure::latency_cdf_us, the same for every run so that
// their distributions can be drawn side by side.
inline constexpr std::array<double, 17> kCdfQuantiles = {
    0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999, 0.9999, 1.0};

// Sets p50_us, p99_us and latency_cdf_us from per-event latencies in ns
// (reordered); leaves them unset when there are none.
void SetLatencies(std::vector<uint64_t>& latencies_ns, Figure* figure);

// {"bench":"append","engine":"sealog","mode":"batch","writers":8,"io_uring":true,"events_per_s":...}
std::string ToJsonLine(const Figure& figure);
// One row per figure, aligned, with a header.
void PrintTable(std::FILE* out, const std::vector<Figure>& figures);

// One figure per configuration (bench, engine, mode, variant, writers, io_uring), in the
// order first seen: the run with the median events/s, with the medians of the
// latencies and of the ratios (each computed within its own repetition).
std::vector<Figure> MedianFigures(const std::vector<std::vector<Figure>>& repetitions);

// The p-quantile (0..1) of values, nearest rank; sorts values. 0 when empty.
uint64_t Percentile(std::vector<uint64_t>& values, double p);

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_BENCH_REPORT_H_
