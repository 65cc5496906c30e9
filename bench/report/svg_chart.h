// Line and bar charts written as standalone SVG text, for sealog-bench's
// report (nothing to install: a browser or a Markdown viewer shows them).
//
//   LineChart chart{"Throughput", {"writers", true}, {"events/s", true}, series};
//   WriteFile(dir + "/throughput.svg", RenderLineChart(chart));
#ifndef SEALOG_BENCH_REPORT_SVG_CHART_H_
#define SEALOG_BENCH_REPORT_SVG_CHART_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sealog::bench::report {

struct Axis {
  std::string label;
  bool log = false;  // log10 scale; only values > 0 are drawn
};

struct Series {
  std::string name;
  std::vector<std::pair<double, double>> points;  // (x, y), joined in this order
  bool dashed = false;
};

struct LineChart {
  std::string title;
  Axis x;
  Axis y;
  std::vector<Series> series;
};

// Bars along x, one group per category, one bar per series in each group
// (stacked: the series' values on top of each other in a single bar).
struct BarChart {
  std::string title;
  Axis y;
  std::vector<std::string> groups;
  std::vector<std::string> series;
  // values[s][g]: series s in group g; nullopt draws no bar.
  std::vector<std::vector<std::optional<double>>> values;
  // Optional: marks[s][g] drawn as a short line over the bar (a p99 over a
  // p50 bar); ignored when stacked.
  std::vector<std::vector<std::optional<double>>> marks;
  std::string mark_label;  // the legend's name for the marks
  bool stacked = false;
};

std::string RenderLineChart(const LineChart& chart);
std::string RenderBarChart(const BarChart& chart);

// The tick values of an axis showing [lo, hi] (lo < hi; both > 0 when log):
// powers of ten (with 2 and 5 between them when there are few decades) for
// log, steps of 1, 2 or 5 times a power of ten for linear. Exposed for tests.
std::vector<double> Ticks(const Axis& axis, double lo, double hi);

// "0.5", "20", "1.5k", "2M": short labels for ticks and bars.
std::string ShortNumber(double value);

// Text with &, <, >, " escaped for SVG and XML.
std::string EscapeXml(std::string_view text);

}  // namespace sealog::bench::report

#endif  // SEALOG_BENCH_REPORT_SVG_CHART_H_
