#include "bench/bench_report.h"

#include <vector>

#include <gtest/gtest.h>

namespace sealog::bench {
namespace {

TEST(PercentileTest, NearestRank) {
  std::vector<uint64_t> values;
  for (uint64_t v = 100; v >= 1; --v) values.push_back(v);
  EXPECT_EQ(Percentile(values, 0.50), 50u);
  EXPECT_EQ(Percentile(values, 0.99), 99u);
  EXPECT_EQ(Percentile(values, 1.0), 100u);
  EXPECT_EQ(Percentile(values, 0.0), 1u);
  std::vector<uint64_t> empty;
  EXPECT_EQ(Percentile(empty, 0.5), 0u);
}

TEST(ToJsonLineTest, HasTheFieldsOfTheBriefInOrder) {
  Figure figure;
  figure.bench = "append";
  figure.mode = "batch";
  figure.writers = 8;
  figure.io_uring = true;
  figure.events = 1'000;
  figure.seconds = 0.5;
  figure.disk_bytes = 4'000'000;
  figure.json_bytes = 390'000;
  figure.syncs = 4;
  figure.p50_us = 120;
  figure.p99_us = 850.5;
  figure.ratio_to_raw = 0.75;
  const std::string line = ToJsonLine(figure);
  EXPECT_EQ(
      line.find(
          R"({"bench":"append","engine":"sealog","mode":"batch","writers":8,"io_uring":true)"),
      0u)
      << line;
  EXPECT_NE(line.find(R"("events_per_s":2000,"mb_per_s":8,)"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("p50_us":120,"p99_us":850.5,"ratio_to_raw":0.750})"), std::string::npos)
      << line;
  EXPECT_EQ(line.find("same_batches"), std::string::npos);
  EXPECT_EQ(line.find("sealog_ratio"), std::string::npos);
}

TEST(ToJsonLineTest, CarriesAPeersEngineAndSealogsRatio) {
  Figure figure;
  figure.bench = "append";
  figure.engine = "sqlite";
  figure.mode = "sync";
  figure.sealog_ratio = 2.5;
  const std::string line = ToJsonLine(figure);
  EXPECT_EQ(line.find(R"({"bench":"append","engine":"sqlite","mode":"sync")"), 0u) << line;
  EXPECT_NE(line.find(R"(,"sealog_ratio":2.500})"), std::string::npos) << line;
}

TEST(MedianFiguresTest, KeepsEnginesApart) {
  Figure sealog;
  sealog.mode = "none";
  Figure peer = sealog;
  peer.engine = "rocksdb";
  const std::vector<Figure> medians = MedianFigures({{sealog, peer}, {sealog, peer}});
  ASSERT_EQ(medians.size(), 2u);
  EXPECT_EQ(medians[0].engine, "sealog");
  EXPECT_EQ(medians[1].engine, "rocksdb");
  EXPECT_EQ(medians[1].samples, 2);
}

}  // namespace
}  // namespace sealog::bench
