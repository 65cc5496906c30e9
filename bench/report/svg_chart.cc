#include "bench/report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace sealog::bench::report {
namespace {

// The canvas: a plot area with the legend to its right.
constexpr double kWidth = 800, kHeight = 440;
constexpr double kLeft = 80, kTop = 48, kRight = 560, kBottom = 370;
constexpr double kLegendX = kRight + 24;

// Distinguishable on white and for the common colour blindnesses: Okabe-Ito's
// eight, then four of Paul Tol's muted scheme.
constexpr const char* kPalette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                    "#E69F00", "#56B4E9", "#000000", "#999999",
                                    "#882255", "#44AA99", "#332288", "#999933"};
constexpr size_t kPaletteSize = sizeof(kPalette) / sizeof(kPalette[0]);

const char* Colour(size_t i) { return kPalette[i % kPaletteSize]; }

// Where an axis runs: [lo, hi] after rounding out to ticks.
struct Range {
  double lo = 0;
  double hi = 1;
};

double NiceStep(double span) {
  const double raw = span / 5;
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0}) {
    if (m * magnitude >= raw) return m * magnitude;
  }
  return 10 * magnitude;
}

// The smallest tick range holding every drawable value, or nullopt when there
// is none.
std::optional<Range> RangeOf(const Axis& axis, const std::vector<double>& values, bool from_zero) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (double v : values) {
    if (!std::isfinite(v) || (axis.log && v <= 0)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (lo > hi) return std::nullopt;
  if (axis.log) {
    // A value on a power of ten gets the decade below it: a bar of that
    // height would otherwise have none.
    Range range{std::pow(10, std::floor(std::log10(lo) - 1e-9)),
                std::pow(10, std::ceil(std::log10(hi)))};
    if (range.hi <= range.lo) range.hi = range.lo * 10;
    return range;
  }
  if (from_zero) lo = std::min(lo, 0.0);
  if (hi <= lo) hi = lo + 1;
  const double step = NiceStep(hi - lo);
  return Range{std::floor(lo / step) * step, std::ceil(hi / step) * step};
}

double Scale(const Axis& axis, const Range& range, double v, double from, double to) {
  const double t = axis.log ? (std::log10(v) - std::log10(range.lo)) /
                                  (std::log10(range.hi) - std::log10(range.lo))
                            : (v - range.lo) / (range.hi - range.lo);
  return from + t * (to - from);
}

void Header(std::string* svg, const std::string& title) {
  *svg += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "<rect width=\"{0}\" height=\"{1}\" fill=\"white\"/>\n"
      "<text x=\"{2}\" y=\"26\" font-size=\"15\" font-weight=\"bold\">{3}</text>\n",
      kWidth, kHeight, kLeft, EscapeXml(title));
}

// Grid lines, tick labels and the axis name of the y axis.
void YAxis(std::string* svg, const Axis& axis, const Range& range) {
  for (double tick : Ticks(axis, range.lo, range.hi)) {
    const double y = Scale(axis, range, tick, kBottom, kTop);
    *svg += fmt::format(
        "<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"#e0e0e0\"/>\n"
        "<text x=\"{3}\" y=\"{4:.1f}\" text-anchor=\"end\">{5}</text>\n",
        kLeft, y, kRight, kLeft - 6, y + 4, ShortNumber(tick));
  }
  *svg += fmt::format(
      "<text transform=\"translate(18 {0}) rotate(-90)\" text-anchor=\"middle\">{1}</text>\n",
      (kTop + kBottom) / 2, EscapeXml(axis.label));
}

void Frame(std::string* svg) {
  *svg += fmt::format(
      "<rect x=\"{0}\" y=\"{1}\" width=\"{2}\" height=\"{3}\" fill=\"none\" stroke=\"#888\"/>\n",
      kLeft, kTop, kRight - kLeft, kBottom - kTop);
}

void LegendEntry(std::string* svg, size_t row, const std::string& name, const char* colour,
                 bool dashed, bool bar) {
  const double y = kTop + 10 + row * 20.0;
  if (bar) {
    *svg += fmt::format("<rect x=\"{0}\" y=\"{1:.1f}\" width=\"18\" height=\"10\" fill=\"{2}\"/>\n",
                        kLegendX, y - 5, colour);
  } else {
    *svg += fmt::format(
        "<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"{3}\" "
        "stroke-width=\"2\"{4}/>\n",
        kLegendX, y, kLegendX + 18, colour, dashed ? " stroke-dasharray=\"6 4\"" : "");
  }
  *svg += fmt::format("<text x=\"{0}\" y=\"{1:.1f}\">{2}</text>\n", kLegendX + 24, y + 4,
                      EscapeXml(name));
}

void NoData(std::string* svg) {
  *svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">no data</text>\n",
                      (kLeft + kRight) / 2, (kTop + kBottom) / 2);
}

}  // namespace

std::vector<double> Ticks(const Axis& axis, double lo, double hi) {
  std::vector<double> ticks;
  if (!(lo < hi)) return ticks;
  if (axis.log) {
    if (lo <= 0) return ticks;
    const int first = static_cast<int>(std::floor(std::log10(lo)));
    const int last = static_cast<int>(std::ceil(std::log10(hi)));
    const bool fine = last - first <= 2;
    for (int e = first; e <= last; ++e) {
      for (double m : {1.0, 2.0, 5.0}) {
        if (m != 1.0 && !fine) continue;
        const double v = m * std::pow(10, e);
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push_back(v);
      }
    }
    return ticks;
  }
  const double step = NiceStep(hi - lo);
  for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    ticks.push_back(std::abs(v) < step * 1e-9 ? 0 : v);
  }
  return ticks;
}

std::string ShortNumber(double value) {
  const double a = std::abs(value);
  const auto digits = [](double v, const char* suffix) {
    std::string text = fmt::format("{:.3g}", v);
    return text + suffix;
  };
  if (a >= 1e9) return digits(value / 1e9, "G");
  if (a >= 1e6) return digits(value / 1e6, "M");
  if (a >= 1e3) return digits(value / 1e3, "k");
  if (a >= 100) return fmt::format("{:.0f}", value);
  return digits(value, "");
}

std::string EscapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderLineChart(const LineChart& chart) {
  std::string svg;
  Header(&svg, chart.title);
  std::vector<double> xs, ys;
  for (const Series& s : chart.series) {
    for (const auto& [x, y] : s.points) {
      xs.push_back(x);
      ys.push_back(y);
    }
  }
  const std::optional<Range> x_range = RangeOf(chart.x, xs, false);
  const std::optional<Range> y_range = RangeOf(chart.y, ys, true);
  if (!x_range || !y_range) {
    NoData(&svg);
    return svg + "</svg>\n";
  }
  YAxis(&svg, chart.y, *y_range);
  for (double tick : Ticks(chart.x, x_range->lo, x_range->hi)) {
    const double x = Scale(chart.x, *x_range, tick, kLeft, kRight);
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#e0e0e0\"/>\n"
        "<text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>\n",
        x, kTop, kBottom, kBottom + 16, ShortNumber(tick));
  }
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                     (kLeft + kRight) / 2, kBottom + 40, EscapeXml(chart.x.label));
  Frame(&svg);
  for (size_t i = 0; i < chart.series.size(); ++i) {
    const Series& s = chart.series[i];
    std::string points;
    std::string markers;
    for (const auto& [x, y] : s.points) {
      if ((chart.x.log && x <= 0) || (chart.y.log && y <= 0)) continue;
      const double px = Scale(chart.x, *x_range, x, kLeft, kRight);
      const double py = Scale(chart.y, *y_range, y, kBottom, kTop);
      points += fmt::format("{:.1f},{:.1f} ", px, py);
      markers += fmt::format(
          "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"{}\"><title>{}: {}, {}</title>"
          "</circle>\n",
          px, py, Colour(i), EscapeXml(s.name), ShortNumber(x), ShortNumber(y));
    }
    svg +=
        fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}/>\n",
                    points, Colour(i), s.dashed ? " stroke-dasharray=\"6 4\"" : "");
    svg += markers;
    LegendEntry(&svg, i, s.name, Colour(i), s.dashed, false);
  }
  return svg + "</svg>\n";
}

std::string RenderBarChart(const BarChart& chart) {
  std::string svg;
  Header(&svg, chart.title);
  std::vector<double> ys;
  for (size_t g = 0; g < chart.groups.size(); ++g) {
    double stack = 0;
    for (size_t s = 0; s < chart.series.size(); ++s) {
      const std::optional<double> v =
          s < chart.values.size() && g < chart.values[s].size() ? chart.values[s][g] : std::nullopt;
      if (!v) continue;
      stack += *v;
      ys.push_back(chart.stacked ? stack : *v);
      if (!chart.stacked && s < chart.marks.size() && g < chart.marks[s].size() &&
          chart.marks[s][g]) {
        ys.push_back(*chart.marks[s][g]);
      }
    }
  }
  const std::optional<Range> range = RangeOf(chart.y, ys, true);
  if (!range || chart.groups.empty()) {
    NoData(&svg);
    return svg + "</svg>\n";
  }
  YAxis(&svg, chart.y, *range);
  const double group_width = (kRight - kLeft) / chart.groups.size();
  const size_t bars = chart.stacked ? 1 : std::max<size_t>(1, chart.series.size());
  const double bar_width = group_width * 0.8 / bars;
  const double base = chart.y.log ? range->lo : std::max(range->lo, 0.0);
  const double base_y = Scale(chart.y, *range, base, kBottom, kTop);
  bool any_mark = false;
  for (size_t g = 0; g < chart.groups.size(); ++g) {
    const double group_x = kLeft + g * group_width + group_width * 0.1;
    double stack = 0;
    for (size_t s = 0; s < chart.series.size(); ++s) {
      if (s >= chart.values.size() || g >= chart.values[s].size() || !chart.values[s][g]) continue;
      const double v = *chart.values[s][g];
      const double x = group_x + (chart.stacked ? 0 : s * bar_width);
      const double from = chart.stacked ? stack : base;
      const double to = chart.stacked ? stack + v : v;
      stack += v;
      if (chart.y.log && (to <= 0 || to <= from)) continue;
      const double from_y =
          chart.stacked && from > 0 ? Scale(chart.y, *range, from, kBottom, kTop) : base_y;
      const double to_y = Scale(chart.y, *range, to, kBottom, kTop);
      svg += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
          "<title>{}, {}: {}</title></rect>\n",
          x, to_y, bar_width * 0.92, std::max(0.0, from_y - to_y), Colour(s),
          EscapeXml(chart.groups[g]), EscapeXml(chart.series[s]), ShortNumber(v));
      if (!chart.stacked) {
        svg += fmt::format(
            "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"9\">{}</text>\n",
            x + bar_width * 0.46, to_y - 3, ShortNumber(v));
      }
      if (!chart.stacked && s < chart.marks.size() && g < chart.marks[s].size() &&
          chart.marks[s][g] && (!chart.y.log || *chart.marks[s][g] > 0)) {
        any_mark = true;
        const double mark_y = Scale(chart.y, *range, *chart.marks[s][g], kBottom, kTop);
        svg += fmt::format(
            "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"black\" "
            "stroke-width=\"2\"><title>{}, {}, {}: {}</title></line>\n",
            x, mark_y, x + bar_width * 0.92, mark_y, EscapeXml(chart.groups[g]),
            EscapeXml(chart.series[s]), EscapeXml(chart.mark_label),
            ShortNumber(*chart.marks[s][g]));
      }
    }
    if (chart.stacked && stack > 0) {
      svg += fmt::format(
          "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"10\">{}</text>\n",
          group_x + bar_width * 0.46, Scale(chart.y, *range, stack, kBottom, kTop) - 3,
          ShortNumber(stack));
    }
    svg += fmt::format(
        "<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\">{}</text>\n",
        kLeft + (g + 0.5) * group_width, kBottom + 16, EscapeXml(chart.groups[g]));
  }
  Frame(&svg);
  for (size_t s = 0; s < chart.series.size(); ++s) {
    LegendEntry(&svg, s, chart.series[s], Colour(s), false, true);
  }
  if (any_mark) {
    const double y = kTop + 10 + chart.series.size() * 20.0;
    svg += fmt::format(
        "<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"black\" "
        "stroke-width=\"2\"/>\n<text x=\"{3}\" y=\"{4:.1f}\">{5}</text>\n",
        kLegendX, y, kLegendX + 18, kLegendX + 24, y + 4, EscapeXml(chart.mark_label));
  }
  return svg + "</svg>\n";
}

}  // namespace sealog::bench::report
