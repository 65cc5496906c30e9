// The tiers benchmark at a tiny scale: every figure is there and plausible,
// the warm tier is smaller than the hot one and the cold one smaller still,
// the cold moves at other levels are measured, and the hot, warm and cold
// stores answer every query alike (MeasureTiers fails otherwise). Timings
// are never asserted.
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

TEST(TiersBenchTest, EveryFigureAndTheSameAnswersOnEveryTier) {
  TiersBenchOptions options;
  options.events = 3'000;
  options.queries = 4;
  options.segment_bytes = 256 << 10;
  options.zstd_19 = false;
  options.cold_levels = {3, 19};
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
  const TierSpaceFigure* cold = Find(report, "cold");
  ASSERT_TRUE(jsonl && zstd3 && hot && warm && cold);
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
  EXPECT_LT(cold->bytes, warm->bytes) << "record columns pack tighter than segment frames";
  EXPECT_EQ(cold->index_bytes, 0u) << "the archives hold the index heads; no *.idx is left";
  EXPECT_GT(cold->seconds, 0);
  EXPECT_GT(cold->cpu_seconds, 0);
  EXPECT_EQ(cold->input_bytes, hot->bytes);

  // The queried store's move at the default level, then one per cold_levels.
  ASSERT_EQ(report.cold.size(), 3u);
  EXPECT_EQ(report.cold[0].level, StoreConfig().cold_level);
  EXPECT_EQ(report.cold[0].space.bytes, cold->bytes);
  EXPECT_EQ(report.cold[1].level, 3);
  EXPECT_EQ(report.cold[2].level, 19);
  for (const ColdFigure& c : report.cold) {
    EXPECT_GE(c.archives, 1u) << c.level;
    EXPECT_GT(c.index_head_bytes, 0u) << c.level;
    EXPECT_LT(c.index_head_bytes, c.space.bytes) << c.level;
    EXPECT_GT(c.seal_bytes, 0u) << c.level;
    EXPECT_GE(c.blocks, report.segments) << c.level;
    EXPECT_GT(c.column_blocks, 0u) << c.level;
    EXPECT_GT(c.space.seconds, 0) << c.level;
  }
  EXPECT_LT(report.cold[2].space.bytes, report.cold[1].space.bytes) << "level 19 beats 3";

  ASSERT_EQ(report.queries.size(), 3 * kQueryKindCount);
  uint64_t records = 0;
  for (size_t k = 0; k < kQueryKindCount; ++k) {
    const TierQueryFigure& h = report.queries[k];
    const TierQueryFigure& w = report.queries[kQueryKindCount + k];
    const TierQueryFigure& c = report.queries[2 * kQueryKindCount + k];
    EXPECT_EQ(h.tier, "hot");
    EXPECT_EQ(w.tier, "warm");
    EXPECT_EQ(c.tier, "cold");
    EXPECT_EQ(h.kind, kQueryKinds[k]);
    EXPECT_EQ(w.kind, h.kind);
    EXPECT_EQ(c.kind, h.kind);
    EXPECT_EQ(h.queries, 4);
    EXPECT_EQ(w.records, h.records) << QueryKindName(h.kind);
    EXPECT_EQ(c.records, h.records) << QueryKindName(h.kind);
    records += h.records;
    for (const TierQueryFigure* q : {&h, &w, &c}) {
      EXPECT_GT(q->p50_us, 0);
      EXPECT_GE(q->p99_us, q->p50_us);
      EXPECT_GT(q->first_run_ms, 0);
    }
  }
  EXPECT_GT(records, 0u) << "the queries match something, so the answers compared mean something";

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
  EXPECT_NE(tables.find("cold/hot"), std::string::npos) << tables;
  EXPECT_NE(tables.find("cold by level"), std::string::npos) << tables;
  EXPECT_EQ(tables.find("issue 5 targets"), std::string::npos) << "no zstd -19: no verdict";
  size_t count = 0;
  for (char c : jsons) count += c == '\n';
  EXPECT_EQ(count, report.space.size() + report.cold.size() + report.queries.size()) << jsons;
  EXPECT_NE(jsons.find("\"cold_level\":19"), std::string::npos) << jsons;
}

}  // namespace
}  // namespace sealog::bench
