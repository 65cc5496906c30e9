#include "bench/zipf_table.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace sealog::bench {

ZipfTable::ZipfTable(size_t n, double s) {
  assert(n > 0 && n < UINT32_MAX);
  cdf_.reserve(n);
  // The same expression as the reference, acc += 1.0 / (k + 1) ** s, so the
  // sums round identically.
  double acc = 0;
  for (size_t k = 0; k < n; ++k) {
    acc += 1.0 / std::pow(static_cast<double>(k + 1), s);
    cdf_.push_back(acc);
  }
  total_ = acc;
  const size_t buckets = std::min(kBucketsMax, n);
  buckets_per_unit_ = static_cast<double>(buckets) / total_;
  guide_.resize(buckets + 1);
  for (size_t b = 0; b <= buckets; ++b) {
    const double edge = static_cast<double>(b) / buckets_per_unit_;
    guide_[b] =
        static_cast<uint32_t>(std::upper_bound(cdf_.begin(), cdf_.end(), edge) - cdf_.begin());
  }
}

size_t ZipfTable::Rank(double unit) const {
  const double u = unit * total_;
  const size_t n = cdf_.size();
  const size_t buckets = guide_.size() - 1;
  // The bucket of u, widened by one on each side against rounding of the
  // bucket computation; then checked, with a full search as the fallback.
  const size_t bucket = std::min(static_cast<size_t>(u * buckets_per_unit_), buckets - 1);
  size_t low = guide_[bucket == 0 ? 0 : bucket - 1];
  size_t high = std::min(static_cast<size_t>(guide_[std::min(bucket + 2, buckets)]) + 1, n);
  const bool bounded = (low == 0 || cdf_[low - 1] <= u) && (high == n || cdf_[high - 1] > u);
  if (!bounded) {
    low = 0;
    high = n;
  }
  const size_t rank = std::upper_bound(cdf_.begin() + low, cdf_.begin() + high, u) - cdf_.begin();
  return std::min(rank, n - 1);
}

}  // namespace sealog::bench
