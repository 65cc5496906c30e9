// ZipfTable: ranks drawn by inverse CDF, as the reference workload defines them.
#ifndef SEALOG_BENCH_ZIPF_TABLE_H_
#define SEALOG_BENCH_ZIPF_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sealog::bench {

// The cumulative weights 1/k^s for k = 1..n, summed in order in doubles, and
// a rank lookup with Python's bisect_right semantics, so that ranks match
// gen_workload.py bit for bit. Immutable after construction: one table may be
// shared by any number of threads and generators.
class ZipfTable {
 public:
  // REQUIRES: 0 < n < 2^32. O(n) pow calls (about 15 ms for n = 1,000,000)
  // and n doubles plus up to 2^16 guide entries.
  explicit ZipfTable(size_t n, double s = 1.1);

  // The rank (0 = most frequent) for a uniform double in [0, 1):
  // min(bisect_right(cdf, unit * cdf.back()), n - 1).
  size_t Rank(double unit) const;

  size_t size() const { return cdf_.size(); }

 private:
  // Buckets of equal width over [0, total): guide_[b] is the first index whose
  // cdf exceeds the bucket's lower edge. They narrow the binary search to a
  // few cache lines; the result is checked, so rounding cannot change it.
  static constexpr size_t kBucketsMax = 1 << 16;

  std::vector<double> cdf_;
  std::vector<uint32_t> guide_;  // buckets + 1 entries
  double total_ = 0;
  double buckets_per_unit_ = 0;  // buckets / total
};

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_ZIPF_TABLE_H_
