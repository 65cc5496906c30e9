#include "bench/bench_report.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

namespace sealog::bench {
namespace {

// A JSON number with a sensible precision: integers for large rates.
std::string Number(double value) {
  if (std::abs(value) >= 1000) return fmt::format("{:.0f}", value);
  return fmt::format("{:.4g}", value);
}

std::string Optional(const std::optional<double>& value, const char* format_spec) {
  return value ? fmt::format(fmt::runtime(format_spec), *value) : "-";
}

// The median of one optional member over the figures that have it.
std::optional<double> MedianOf(const std::vector<Figure>& figures,
                               std::optional<double> Figure::*member) {
  std::vector<double> values;
  for (const Figure& figure : figures) {
    if (figure.*member) values.push_back(*(figure.*member));
  }
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  return values[(values.size() - 1) / 2];
}

}  // namespace

std::string ToJsonLine(const Figure& f) {
  std::string line =
      fmt::format(R"({{"bench":"{}","engine":"{}","mode":"{}")", f.bench, f.engine, f.mode);
  if (!f.variant.empty()) line += fmt::format(R"(,"variant":"{}")", f.variant);
  line += fmt::format(R"(,"writers":{},"io_uring":{},"events":{},"seconds":{})", f.writers,
                      f.io_uring ? "true" : "false", f.events, Number(f.seconds));
  line += fmt::format(R"(,"events_per_s":{},"mb_per_s":{},"input_mb_per_s":{})",
                      Number(f.events_per_s()), Number(f.mb_per_s()), Number(f.input_mb_per_s()));
  line +=
      fmt::format(R"(,"disk_bytes":{},"syncs":{},"bytes_per_sync":{},"flush_ms":{})", f.disk_bytes,
                  f.syncs, Number(f.bytes_per_sync()), Number(f.flush_seconds * 1e3));
  if (f.samples > 1) line += fmt::format(R"(,"samples":{})", f.samples);
  if (f.p50_us) line += fmt::format(R"(,"p50_us":{})", Number(*f.p50_us));
  if (f.p99_us) line += fmt::format(R"(,"p99_us":{})", Number(*f.p99_us));
  if (!f.latency_cdf_us.empty()) {
    line += fmt::format(R"(,"latency_cdf_quantiles":[{}],"latency_cdf_us":[{}])",
                        fmt::join(kCdfQuantiles, ","), fmt::join(f.latency_cdf_us, ","));
  }
  if (f.ratio_to_raw) line += fmt::format(R"(,"ratio_to_raw":{:.3f})", *f.ratio_to_raw);
  if (f.ratio_to_raw_same_batches) {
    line += fmt::format(R"(,"ratio_to_raw_same_batches":{:.3f})", *f.ratio_to_raw_same_batches);
  }
  if (f.sealog_ratio) line += fmt::format(R"(,"sealog_ratio":{:.3f})", *f.sealog_ratio);
  line += "}";
  return line;
}

void PrintTable(std::FILE* out, const std::vector<Figure>& figures) {
  fmt::print(
      out,
      "{:<7} {:<6} {:<22} {:>3} {:<5} {:>9} {:>11} {:>8} {:>9} {:>10} {:>9} {:>9} {:>6} {:>6} "
      "{:>7}\n",
      "engine", "mode", "variant", "w", "uring", "events", "events/s", "MB/s", "in MB/s",
      "KiB/sync", "p50 us", "p99 us", "raw", "same", "sealog/");
  for (size_t i = 0; i < figures.size(); ++i) {
    const Figure& f = figures[i];
    if (i > 0 && f.bench != figures[i - 1].bench) fmt::print(out, "{}:\n", f.bench);
    fmt::print(out,
               "{:<7} {:<6} {:<22} {:>3} {:<5} {:>9} {:>11.0f} {:>8.1f} {:>9.1f} {:>10} {:>9} "
               "{:>9} {:>6} {:>6} {:>7}\n",
               f.engine, f.mode, f.variant, f.writers, f.io_uring ? "on" : "off", f.events,
               f.events_per_s(), f.mb_per_s(),
               f.input_mb_per_s(),  // The peers' syncs are not counted (their own files, not a
                                    // RecordingEnv).
               f.engine == "sealog" ? fmt::format("{:.1f}", f.bytes_per_sync() / 1024) : "-",
               Optional(f.p50_us, "{:.0f}"), Optional(f.p99_us, "{:.0f}"),
               Optional(f.ratio_to_raw, "{:.2f}"), Optional(f.ratio_to_raw_same_batches, "{:.2f}"),
               Optional(f.sealog_ratio, "{:.2f}"));
  }
}

std::vector<Figure> MedianFigures(const std::vector<std::vector<Figure>>& repetitions) {
  std::vector<std::vector<Figure>> groups;
  for (const std::vector<Figure>& figures : repetitions) {
    for (const Figure& figure : figures) {
      auto group = std::find_if(groups.begin(), groups.end(), [&](const auto& g) {
        const Figure& first = g.front();
        return first.bench == figure.bench && first.engine == figure.engine &&
               first.mode == figure.mode && first.variant == figure.variant &&
               first.writers == figure.writers && first.io_uring == figure.io_uring;
      });
      if (group == groups.end()) {
        groups.emplace_back();
        group = groups.end() - 1;
      }
      group->push_back(figure);
    }
  }
  std::vector<Figure> medians;
  for (std::vector<Figure>& group : groups) {
    std::sort(group.begin(), group.end(),
              [](const Figure& a, const Figure& b) { return a.events_per_s() < b.events_per_s(); });
    Figure median = group[(group.size() - 1) / 2];
    median.samples = static_cast<int>(group.size());
    median.p50_us = MedianOf(group, &Figure::p50_us);
    median.p99_us = MedianOf(group, &Figure::p99_us);
    median.ratio_to_raw = MedianOf(group, &Figure::ratio_to_raw);
    median.ratio_to_raw_same_batches = MedianOf(group, &Figure::ratio_to_raw_same_batches);
    median.sealog_ratio = MedianOf(group, &Figure::sealog_ratio);
    medians.push_back(std::move(median));
  }
  return medians;
}

void SetLatencies(std::vector<uint64_t>& latencies_ns, Figure* figure) {
  if (latencies_ns.empty()) return;
  std::sort(latencies_ns.begin(), latencies_ns.end());
  figure->p50_us = Percentile(latencies_ns, 0.50) / 1e3;
  figure->p99_us = Percentile(latencies_ns, 0.99) / 1e3;
  figure->latency_cdf_us.clear();
  for (double q : kCdfQuantiles) {
    // Rounded to 0.1 µs: the JSON line stays short and no figure is that exact.
    figure->latency_cdf_us.push_back(std::round(Percentile(latencies_ns, q) / 100.0) / 10.0);
  }
}

uint64_t Percentile(std::vector<uint64_t>& values, double p) {
  if (values.empty()) return 0;
  const size_t rank = static_cast<size_t>(std::ceil(p * values.size()));
  const size_t index = std::min(values.size() - 1, rank == 0 ? 0 : rank - 1);
  std::nth_element(values.begin(), values.begin() + index, values.end());
  return values[index];
}

}  // namespace sealog::bench
