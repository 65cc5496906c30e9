// The tiers benchmark at a tiny scale: every figure is there and plausible,
// the warm tier is smaller than the hot one, and the hot and warm stores
// answer every query alike (MeasureTiers fails otherwise). Timings are never
// asserted.
#include "bench/tiers_bench.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

namespace sealog::bench {
namespace {

const TierSpaceFigure* Find(const TiersBenchReport& report, const std::string& name) {
  for (const TierSpaceFigure& figure : report.space) {
    if (figure.name == name) return &figure;
  }
  return nullptr;
}

TEST(TiersBenchTest, EveryFigureAndTheSameAnswersOnBothTiers) {
  TiersBenchOptions options;
  options.events = 3'000;
  options.queries = 4;
  options.segment_bytes = 256 << 10;
  options.zstd_19 = false;
  options.dir = ::testing::TempDir();
  options.progress = false;
  Result<TiersBenchReport> result = MeasureTiers(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const TiersBenchReport& report = *result;
  EXPECT_EQ(report.events, 3'000u);
  EXPECT_GE(report.segments, 2u);

  const TierSpaceFigure* jsonl = Find(report, "jsonl");
  const TierSpaceFigure* zstd3 = Find(report, "zstd-3");
  const TierSpaceFigure* hot = Find(report, "hot");
  const TierSpaceFigure* warm = Find(report, "warm");
  ASSERT_TRUE(jsonl && zstd3 && hot && warm);
  EXPECT_EQ(Find(report, "zstd-19"), nullptr);
  EXPECT_EQ(jsonl->bytes, report.json_bytes);
  EXPECT_LT(zstd3->bytes, jsonl->bytes);
  EXPECT_GT(hot->bytes, jsonl->bytes) << "segments hold the lines and more";
  EXPECT_LT(warm->bytes, hot->bytes / 2);
  EXPECT_GT(warm->bytes, zstd3->bytes) << "frames and record headers cost something";
  EXPECT_EQ(hot->index_bytes, warm->index_bytes) << "the index stays as it was";
  EXPECT_GT(hot->index_bytes, 0u);
  EXPECT_GT(warm->seconds, 0);
  EXPECT_EQ(warm->input_bytes, hot->bytes);

  ASSERT_EQ(report.queries.size(), 2 * kQueryKindCount);
  for (size_t k = 0; k < kQueryKindCount; ++k) {
    const TierQueryFigure& h = report.queries[k];
    const TierQueryFigure& w = report.queries[kQueryKindCount + k];
    EXPECT_EQ(h.tier, "hot");
    EXPECT_EQ(w.tier, "warm");
    EXPECT_EQ(h.kind, kQueryKinds[k]);
    EXPECT_EQ(w.kind, h.kind);
    EXPECT_EQ(h.queries, 4);
    EXPECT_EQ(w.records, h.records) << QueryKindName(h.kind);
    EXPECT_GT(w.p50_us, 0);
    EXPECT_GE(w.p99_us, w.p50_us);
  }

  // The tables, and one JSON line per figure.
  char* text = nullptr;
  size_t text_size = 0;
  std::FILE* table = open_memstream(&text, &text_size);
  char* lines = nullptr;
  size_t lines_size = 0;
  std::FILE* json = open_memstream(&lines, &lines_size);
  PrintTiersReport(options, report, table, json);
  std::fclose(table);
  std::fclose(json);
  const std::string tables(text, text_size), jsons(lines, lines_size);
  std::free(text);
  std::free(lines);
  EXPECT_NE(tables.find("warm/hot"), std::string::npos) << tables;
  size_t count = 0;
  for (char c : jsons) count += c == '\n';
  EXPECT_EQ(count, report.space.size() + report.queries.size()) << jsons;
}

}  // namespace
}  // namespace sealog::bench
