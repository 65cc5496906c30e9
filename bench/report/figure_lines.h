// The JSON lines the benchmarks print (--json), read back: one flat object per
// line, for the report to tabulate and plot.
#ifndef SEALOG_BENCH_REPORT_FIGURE_LINES_H_
#define SEALOG_BENCH_REPORT_FIGURE_LINES_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sealog/status.h"

namespace sealog::bench::report {

// One figure: its members by kind. Booleans are numbers (1, 0); arrays hold
// numbers only; nested objects are not part of the benchmarks' lines.
struct FigureLine {
  std::map<std::string, double, std::less<>> numbers;
  std::map<std::string, std::string, std::less<>> texts;
  std::map<std::string, std::vector<double>, std::less<>> arrays;

  std::optional<double> Number(std::string_view key) const;
  double NumberOr(std::string_view key, double fallback) const;
  std::string Text(std::string_view key) const;  // "" when absent
  bool Has(std::string_view key) const;
  const std::vector<double>* Array(std::string_view key) const;  // nullptr when absent
};

// One line: a JSON object of numbers, strings, booleans and arrays of numbers.
Result<FigureLine> ParseFigureLine(std::string_view line);

// Every non-empty line of a file; an error names the file and the line.
Result<std::vector<FigureLine>> ReadFigureLines(const std::string& path);

}  // namespace sealog::bench::report

#endif  // SEALOG_BENCH_REPORT_FIGURE_LINES_H_
