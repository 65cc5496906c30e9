#include "bench/zipf_table.h"

#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "bench/split_mix64.h"

namespace sealog::bench {
namespace {

// min(bisect_right(cdf, unit * total), n - 1) without the guide table.
size_t NaiveRank(const std::vector<double>& cdf, double unit) {
  const double u = unit * cdf.back();
  const size_t rank = std::upper_bound(cdf.begin(), cdf.end(), u) - cdf.begin();
  return std::min(rank, cdf.size() - 1);
}

std::vector<double> Cdf(size_t n, double s) {
  std::vector<double> cdf;
  double acc = 0;
  for (size_t k = 0; k < n; ++k) cdf.push_back(acc += 1.0 / std::pow(k + 1.0, s));
  return cdf;
}

TEST(ZipfTableTest, RanksEqualAPlainBisectOverTheWholeTable) {
  for (size_t n : {1, 2, 40, 50, 10'000, 1'000'000}) {
    const ZipfTable table(n);
    const std::vector<double> cdf = Cdf(n, 1.1);
    SplitMix64 random(n);
    for (int i = 0; i < 200'000; ++i) {
      const double unit = random.Unit();
      ASSERT_EQ(table.Rank(unit), NaiveRank(cdf, unit)) << "n=" << n << " unit=" << unit;
    }
    for (double unit : {0.0, 0x1.fffffffffffffp-1, 0.5}) {
      EXPECT_EQ(table.Rank(unit), NaiveRank(cdf, unit)) << "n=" << n << " unit=" << unit;
    }
    for (size_t k = 0; k < std::min<size_t>(n, 2'000); ++k) {
      // Units landing exactly on a cumulative weight: bisect_right goes past it.
      const double unit = cdf[k] / cdf.back();
      EXPECT_EQ(table.Rank(unit), NaiveRank(cdf, unit)) << "n=" << n << " k=" << k;
    }
  }
}

TEST(ZipfTableTest, RankZeroIsTheMostFrequent) {
  const ZipfTable table(50);
  SplitMix64 random(1);
  std::vector<int> counts(50);
  for (int i = 0; i < 100'000; ++i) ++counts[table.Rank(random.Unit())];
  EXPECT_EQ(std::max_element(counts.begin(), counts.end()) - counts.begin(), 0);
  EXPECT_GT(counts[0], counts[1]);
  EXPECT_GT(counts[1], counts[10]);
}

}  // namespace
}  // namespace sealog::bench
