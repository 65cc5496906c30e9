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
  EXPECT_EQ(line.find(R"({"bench":"append","mode":"batch","writers":8,"io_uring":true)"), 0u)
      << line;
  EXPECT_NE(line.find(R"("events_per_s":2000,"mb_per_s":8,)"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("p50_us":120,"p99_us":850.5,"ratio_to_raw":0.750})"), std::string::npos)
      << line;
  EXPECT_EQ(line.find("same_batches"), std::string::npos);
}

}  // namespace
}  // namespace sealog::bench
