#include "index/postings.h"

#include <algorithm>
#include <bit>
#include <iterator>

namespace sealog::index {
namespace {

// Below this ratio of lengths a linear merge beats galloping.
constexpr size_t kGallopRatio = 16;

// The first position at or after `from` in `list` whose ordinal is >= target:
// doubling steps from `from`, then a binary search in the last step.
size_t Gallop(std::span<const Ordinal> list, size_t from, Ordinal target) {
  size_t step = 1;
  size_t high = from;
  while (high < list.size() && list[high] < target) {
    from = high + 1;
    high += step;
    step *= 2;
  }
  high = std::min(high, list.size());
  return static_cast<size_t>(std::lower_bound(list.begin() + from, list.begin() + high, target) -
                             list.begin());
}

}  // namespace

void PutVarint32(std::string* dst, uint32_t value) {
  char buf[kVarint32LengthMax];
  dst->append(buf, EncodeVarint32(buf, value) - buf);
}

void EncodePostings(std::span<const Ordinal> postings, std::string* dst) {
  Ordinal previous = 0;
  for (size_t i = 0; i < postings.size(); ++i) {
    PutVarint32(dst, postings[i] - previous);
    previous = postings[i];
  }
}

bool ValidPostings(std::span<const Ordinal> ordinals, uint32_t limit) {
  for (size_t i = 0; i < ordinals.size(); ++i) {
    if (ordinals[i] >= limit || (i > 0 && ordinals[i] <= ordinals[i - 1])) return false;
  }
  return true;
}

PostingsUnion::PostingsUnion(uint32_t universe, uint64_t expected) : universe_(universe) {
  // Sorting n ordinals costs about n log n steps; a bitmap costs one word per
  // 64 records of the segment. Take the bitmap when it is the cheaper.
  const uint64_t words = (uint64_t{universe} + 63) / 64;
  if (expected >= 64 && words <= expected * 8) {
    bitmap_.assign(words, 0);
  } else {
    list_.reserve(std::min<uint64_t>(expected, universe));
  }
}

void PostingsUnion::Finish(Postings* out) {
  out->clear();
  if (bitmap_.empty()) {
    if (!sorted_) {
      std::sort(list_.begin(), list_.end());
      list_.erase(std::unique(list_.begin(), list_.end()), list_.end());
    }
    out->swap(list_);
    return;
  }
  size_t total = 0;
  for (uint64_t word : bitmap_) total += static_cast<size_t>(std::popcount(word));
  out->reserve(total);
  for (size_t w = 0; w < bitmap_.size(); ++w) {
    for (uint64_t word = bitmap_[w]; word != 0; word &= word - 1) {
      out->push_back(static_cast<Ordinal>(w * 64 + static_cast<size_t>(std::countr_zero(word))));
    }
  }
  bitmap_.clear();
}

void IntersectPostings(std::span<const Ordinal> a, std::span<const Ordinal> b, Postings* out) {
  out->clear();
  if (a.size() > b.size()) std::swap(a, b);
  if (a.empty()) return;
  if (b.size() / a.size() >= kGallopRatio) {
    size_t at = 0;
    for (Ordinal ordinal : a) {
      at = Gallop(b, at, ordinal);
      if (at == b.size()) return;
      if (b[at] == ordinal) out->push_back(ordinal);
    }
    return;
  }
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(*out));
}

void UnionPostings(std::span<const Ordinal> a, std::span<const Ordinal> b, Postings* out) {
  out->clear();
  out->reserve(a.size() + b.size());
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(*out));
}

void DifferencePostings(std::span<const Ordinal> a, std::span<const Ordinal> b, Postings* out) {
  out->clear();
  if (b.size() / std::max<size_t>(a.size(), 1) >= kGallopRatio) {
    size_t at = 0;
    for (Ordinal ordinal : a) {
      at = Gallop(b, at, ordinal);
      if (at == b.size() || b[at] != ordinal) out->push_back(ordinal);
    }
    return;
  }
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(*out));
}

}  // namespace sealog::index
