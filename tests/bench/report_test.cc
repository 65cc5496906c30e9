// The suite's report: SVG charts, the JSON lines read back, REPORT.md from
// figures written by hand.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "bench/report/figure_lines.h"
#include "bench/report/suite_report.h"
#include "bench/report/svg_chart.h"
#include "tests/engine/test_util.h"

namespace sealog::bench::report {
namespace {

namespace fs = std::filesystem;
using sealog::testing::TempDir;

size_t Occurrences(const std::string& text, const std::string& what) {
  size_t count = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(SvgChartTest, LogTicksArePowersOfTenAndFillInOverFewDecades) {
  EXPECT_EQ(Ticks({"", true}, 1, 10000), (std::vector<double>{1, 10, 100, 1000, 10000}));
  EXPECT_EQ(Ticks({"", true}, 10, 1000), (std::vector<double>{10, 20, 50, 100, 200, 500, 1000}));
  EXPECT_TRUE(Ticks({"", true}, 0, 10).empty());
}

TEST(SvgChartTest, LinearTicksStepByOneTwoOrFive) {
  EXPECT_EQ(Ticks({"", false}, 0, 1),
            (std::vector<double>{0, 0.2, 0.4, 0.6000000000000001, 0.8, 1}));
  EXPECT_EQ(Ticks({"", false}, 0, 500), (std::vector<double>{0, 100, 200, 300, 400, 500}));
  EXPECT_TRUE(Ticks({"", false}, 5, 5).empty());
}

TEST(SvgChartTest, ShortNumbersKeepThreeDigits) {
  EXPECT_EQ(ShortNumber(0.5), "0.5");
  EXPECT_EQ(ShortNumber(20), "20");
  EXPECT_EQ(ShortNumber(999.4), "999");
  EXPECT_EQ(ShortNumber(1500), "1.5k");
  EXPECT_EQ(ShortNumber(12345), "12.3k");
  EXPECT_EQ(ShortNumber(2'000'000), "2M");
  EXPECT_EQ(ShortNumber(3.5e9), "3.5G");
}

TEST(SvgChartTest, TextIsEscaped) {
  EXPECT_EQ(EscapeXml("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
  LineChart chart{"<title>", {"x", false}, {"y", false}, {{"s&t", {{1, 2}, {2, 3}}, false}}};
  const std::string svg = RenderLineChart(chart);
  EXPECT_EQ(svg.find("<title>\n"), std::string::npos);
  EXPECT_NE(svg.find("&lt;title&gt;"), std::string::npos);
  EXPECT_NE(svg.find("s&amp;t"), std::string::npos);
}

TEST(SvgChartTest, ALineChartDrawsEverySeriesAndEveryPoint) {
  LineChart chart{"t", {"writers", true}, {"events/s", true}, {}};
  chart.series.push_back({"sealog batch", {{1, 4000}, {2, 7000}, {4, 9000}, {8, 12000}}, false});
  chart.series.push_back({"sqlite batch", {{1, 300}, {8, 310}}, true});
  const std::string svg = RenderLineChart(chart);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_EQ(Occurrences(svg, "<polyline"), 2u);
  EXPECT_EQ(Occurrences(svg, "<circle"), 6u);
  EXPECT_EQ(Occurrences(svg, "stroke-dasharray"), 2u);  // the dashed line and its legend entry
  EXPECT_NE(svg.find(">sealog batch</text>"), std::string::npos);
  EXPECT_NE(svg.find(">sqlite batch</text>"), std::string::npos);
}

TEST(SvgChartTest, ALogChartLeavesOutWhatItCannotDraw) {
  LineChart chart{"t", {"x", true}, {"y", true}, {{"s", {{0, 1}, {1, -5}, {10, 100}}, false}}};
  EXPECT_EQ(Occurrences(RenderLineChart(chart), "<circle"), 1u);
  LineChart empty{"t", {"x", true}, {"y", true}, {{"s", {{0, 0}}, false}}};
  EXPECT_NE(RenderLineChart(empty).find("no data"), std::string::npos);
}

TEST(SvgChartTest, BarsAreDrawnPerSeriesAndGroupWithTheirMarks) {
  BarChart chart;
  chart.y = {"µs", true};
  chart.groups = {"actor", "time"};
  chart.series = {"sealog", "sqlite"};
  chart.mark_label = "p99";
  chart.values = {{100, 200}, {150, std::nullopt}};
  chart.marks = {{400, 900}, {300, std::nullopt}};
  const std::string svg = RenderBarChart(chart);
  // Three bars, the frame and the two legend swatches (the background has no x).
  EXPECT_EQ(Occurrences(svg, "<rect x="), 6u);
  EXPECT_NE(svg.find("<title>time, sealog, p99: 900</title>"), std::string::npos);
  EXPECT_NE(svg.find(">p99</text>"), std::string::npos);
}

TEST(SvgChartTest, StackedBarsAddUp) {
  BarChart chart;
  chart.y = {"bytes", false};
  chart.groups = {"hot"};
  chart.series = {"data", "index"};
  chart.values = {{538}, {69}};
  chart.stacked = true;
  const std::string svg = RenderBarChart(chart);
  EXPECT_NE(svg.find(">607</text>"), std::string::npos);  // the total over the bar
  EXPECT_NE(svg.find("<title>hot, index: 69</title>"), std::string::npos);
}

TEST(FigureLinesTest, ParsesNumbersTextsBooleansAndArrays) {
  Result<FigureLine> line = ParseFigureLine(
      R"({"bench":"append","writers":8,"io_uring":true,"p50_us":12.5,"cdf":[1,2.5,3]})");
  ASSERT_TRUE(line.ok()) << line.status().ToString();
  EXPECT_EQ(line->Text("bench"), "append");
  EXPECT_EQ(line->Number("writers"), 8);
  EXPECT_EQ(line->Number("io_uring"), 1);
  EXPECT_EQ(line->NumberOr("p50_us", 0), 12.5);
  ASSERT_NE(line->Array("cdf"), nullptr);
  EXPECT_EQ(*line->Array("cdf"), (std::vector<double>{1, 2.5, 3}));
  EXPECT_FALSE(line->Number("missing").has_value());
  EXPECT_FALSE(line->Has("missing"));
}

TEST(FigureLinesTest, RejectsWhatIsNotAFlatObject) {
  EXPECT_FALSE(ParseFigureLine("[1,2]").ok());
  EXPECT_FALSE(ParseFigureLine(R"({"a":{"b":1}})").ok());
  EXPECT_FALSE(ParseFigureLine(R"({"a":["x"]})").ok());
  EXPECT_FALSE(ParseFigureLine("{\"a\":").ok());
}

TEST(FigureLinesTest, AnErrorNamesTheFileAndLine) {
  TempDir dir;
  const std::string path = dir.path() + "/x.jsonl";
  std::ofstream(path) << "{\"a\":1}\n\nnot json\n";
  Result<std::vector<FigureLine>> lines = ReadFigureLines(path);
  ASSERT_FALSE(lines.ok());
  EXPECT_NE(lines.status().message().find("x.jsonl:3:"), std::string::npos)
      << lines.status().message();
}

// A report directory as `sealog-bench all` leaves it, with a few figures each.
void WriteFixture(const std::string& dir, bool query_failed) {
  std::ofstream(dir + "/run.jsonl")
      << R"({"kind":"meta","scale":"small","events":100000,"seed":42,"repetitions":1,)"
         R"("started":"2026-12-07T06:00:00Z","cpu":"AMD EPYC","cpus":2,"mem_gib":23.4,)"
         R"("kernel":"6.18","filesystem":"ext4","load_start":0.5,"version":"sealog-bench 0.1.0",)"
         R"("command":"sealog-bench all --report r"})"
      << "\n"
      << R"({"kind":"bench","bench":"append","exit":0,"seconds":100.0,"command":"sealog-bench append --json"})"
      << "\n"
      << R"({"kind":"bench","bench":"query","exit":)" << (query_failed ? 1 : 0)
      << R"(,"seconds":5.0,"command":"sealog-bench query --json"})"
      << "\n";
  std::ofstream(dir + "/append.jsonl")
      << R"({"bench":"append","engine":"sealog","mode":"raw","writers":1,"io_uring":false,"events":100000,"events_per_s":1900000,"mb_per_s":1000})"
      << "\n"
      << R"({"bench":"append","engine":"sealog","mode":"batch","writers":8,"io_uring":true,"events":100000,"events_per_s":11515,"mb_per_s":6.2,"p50_us":658,"p99_us":1277,"latency_cdf_quantiles":[0.5,0.99,1],"latency_cdf_us":[658,1277,3000],"ratio_to_raw":0.006})"
      << "\n"
      << R"({"bench":"append-writers","engine":"sealog","mode":"batch","writers":1,"io_uring":true,"events":2000,"events_per_s":4000})"
      << "\n"
      << R"({"bench":"append-writers","engine":"sealog","mode":"batch","writers":8,"io_uring":true,"events":2000,"events_per_s":12000})"
      << "\n"
      << R"({"bench":"append-writers","engine":"sqlite","mode":"batch","writers":1,"io_uring":false,"events":2000,"events_per_s":300})"
      << "\n";
  std::ofstream(dir + "/query.jsonl")
      << R"({"bench":"query","engine":"sealog","kind":"actor","segments":10,"p50_us":120.5,"p99_us":800,"records_p50":40,"p50_ratio_to_sqlite":1.2})"
      << "\n"
      << R"({"bench":"query","engine":"sqlite","kind":"actor","segments":0,"p50_us":100.4,"p99_us":700,"records_p50":40})"
      << "\n"
      << R"({"bench":"query","figure":"space","engine":"sqlite","segments":0,"events":100000,"data_bytes_per_event":700.0,"index_bytes_per_event":90.0,"index_to_data":0.128})"
      << "\n"
      << R"({"bench":"query","figure":"mismatches","count":0})"
      << "\n";
  std::ofstream(dir + "/tiers.jsonl")
      << R"({"bench":"tiers","form":"hot","events":100000,"bytes":53900000,"index_bytes":6900000,"bytes_per_event":539.0,"ratio_to_jsonl":0.76,"json_mb_per_s":0})"
      << "\n";
}

TEST(SuiteReportTest, TabulatesAndPlotsWhatTheBenchmarksLeft) {
  TempDir dir;
  WriteFixture(dir.path(), false);
  ASSERT_TRUE(WriteSuiteReport(dir.path()).ok());
  const std::string md = ReadAll(fs::path(dir.path()) / kReportFile);
  EXPECT_NE(md.find("scale **small**: 100,000 events"), std::string::npos) << md;
  EXPECT_NE(md.find("| sealog batch 8w io_uring | 100,000 | 11,515 | 6.2 |"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| sealog batch | 2,000 | 4,000 | 12,000 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| sqlite batch | 2,000 | 300 | – |"), std::string::npos) << md;
  EXPECT_NE(md.find("| actor | sealog, 10 segments | 40 | 120.5 | 800.0 | 1.20 |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("**0 mismatches**"), std::string::npos);
  EXPECT_NE(md.find("## Tamper evidence: sealing, verify, proofs\n\nNot run."), std::string::npos);
  for (const char* svg : {"throughput_by_writers.svg", "ack_latency_cdf.svg", "query_latency.svg",
                          "bytes_per_event.svg"}) {
    EXPECT_NE(md.find(std::string("](") + svg + ")"), std::string::npos) << svg;
    const std::string text = ReadAll(fs::path(dir.path()) / svg);
    EXPECT_EQ(text.rfind("<svg", 0), 0u) << svg;
  }
  // The raw limit is drawn beside the sweep; the peer dashed.
  const std::string throughput = ReadAll(fs::path(dir.path()) / "throughput_by_writers.svg");
  EXPECT_NE(throughput.find(">raw limit (1 MiB)</text>"), std::string::npos);
  EXPECT_NE(throughput.find(">sqlite batch</text>"), std::string::npos);
  // The peers' space comes from the query benchmark.
  const std::string space = ReadAll(fs::path(dir.path()) / "bytes_per_event.svg");
  EXPECT_NE(space.find("<title>sqlite, index: 90</title>"), std::string::npos) << space;
}

TEST(SuiteReportTest, AFailedBenchmarkIsNamed) {
  TempDir dir;
  WriteFixture(dir.path(), true);
  ASSERT_TRUE(WriteSuiteReport(dir.path()).ok());
  const std::string md = ReadAll(fs::path(dir.path()) / kReportFile);
  EXPECT_NE(md.find("**failed** with exit code 1; see `query.log`"), std::string::npos) << md;
}

TEST(SuiteReportTest, AFigureFileThatIsNotJsonLinesIsAnError) {
  TempDir dir;
  WriteFixture(dir.path(), false);
  std::ofstream(dir.path() + "/tiers.jsonl", std::ios::app) << "tiers: a table line\n";
  const Status status = WriteSuiteReport(dir.path());
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("tiers.jsonl:2:"), std::string::npos) << status.message();
}

}  // namespace
}  // namespace sealog::bench::report
