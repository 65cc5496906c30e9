// ExpectViewMatches: runs a seeded mix of every IndexView lookup against a
// view and against brute force over the same records, and expects the same
// answers. Run with the same seed over a builder and over the file it
// encoded, it also shows that the two answer every lookup alike.
#ifndef SEALOG_TESTS_INDEX_VIEW_CHECKER_H_
#define SEALOG_TESTS_INDEX_VIEW_CHECKER_H_

#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "index/index_view.h"
#include "tests/index/index_test_util.h"

namespace sealog::index::testing {

// A value to query `field` with: usually one that some record holds (or a
// prefix of it), sometimes one nobody holds.
inline std::string QueryValue(const std::vector<TestRecord>& records, size_t count, Field field,
                              std::mt19937_64& rng) {
  if (count == 0 || rng() % 4 == 0) return std::string("r").append(OddValue(rng, rng() % 4));
  std::string value = records[rng() % count].fields[static_cast<size_t>(field)];
  if (rng() % 3 == 0 && !value.empty()) value.resize(rng() % value.size());
  return value;
}

inline Bound RandomBound(const std::string& value, std::mt19937_64& rng) {
  if (rng() % 6 == 0) return Bound::None();
  return Bound::At(value, rng() % 2 == 0);
}

inline void ExpectFieldRange(IndexView& view, const std::vector<TestRecord>& records, size_t count,
                             Field field, const Bound& low, const Bound& high) {
  Postings got;
  ASSERT_TRUE(view.FieldRange(field, low, high, &got).ok());
  EXPECT_EQ(got, BruteFieldRange(records, count, field, low, high));
  Result<uint64_t> estimate = view.FieldRangeCount(field, low, high);
  ASSERT_TRUE(estimate.ok());
  // Each record has one value at most, so the counts add up exactly.
  EXPECT_EQ(*estimate, got.size());
}

inline void ExpectFieldLookups(IndexView& view, const std::vector<TestRecord>& records,
                               size_t count, Field field, std::mt19937_64& rng, int queries) {
  SCOPED_TRACE(std::string("field ").append(FieldName(field)));
  ExpectFieldRange(view, records, count, field, Bound::None(), Bound::None());
  ExpectFieldRange(view, records, count, field, Bound::At(""), Bound::At(""));
  for (int q = 0; q < queries; ++q) {
    const std::string value = QueryValue(records, count, field, rng);
    std::string other = QueryValue(records, count, field, rng);
    SCOPED_TRACE(::testing::PrintToString(value) + " " + ::testing::PrintToString(other));
    ExpectFieldRange(view, records, count, field, Bound::At(value), Bound::At(value));
    Bound low;
    Bound high;
    std::string storage;
    PrefixBounds(value, &low, &high, &storage);
    ExpectFieldRange(view, records, count, field, low, high);
    ExpectFieldRange(view, records, count, field, RandomBound(value, rng), RandomBound(other, rng));
  }
}

inline void ExpectTimeLookups(IndexView& view, const std::vector<TestRecord>& records, size_t count,
                              std::mt19937_64& rng, int queries) {
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  std::vector<std::pair<int64_t, int64_t>> ranges = {{kMin, kMax}, {kMax, kMin}, {0, 0}};
  for (int q = 0; q < queries && count > 0; ++q) {
    const int64_t a = records[rng() % count].time_ns + static_cast<int64_t>(rng() % 3) - 1;
    const int64_t b = records[rng() % count].time_ns + static_cast<int64_t>(rng() % 3) - 1;
    ranges.emplace_back(std::min(a, b), std::max(a, b));
    ranges.emplace_back(a, a);
    if (q % 8 == 0) ranges.emplace_back(std::max(a, b), std::min(a, b));
  }
  for (const auto& [lo, hi] : ranges) {
    SCOPED_TRACE(std::to_string(lo) + ".." + std::to_string(hi));
    Postings got;
    ASSERT_TRUE(view.TimeRange(lo, hi, &got).ok());
    EXPECT_EQ(got, BruteTimeRange(records, count, lo, hi));
  }
}

inline void ExpectCountValues(IndexView& view, const std::vector<TestRecord>& records, size_t count,
                              Field field, const Postings* only) {
  std::map<std::string, uint64_t> got;
  std::string previous;
  bool ordered = true;
  ASSERT_TRUE(view.CountValues(field, only,
                               [&](std::string_view value, uint64_t n) {
                                 ordered = ordered && (got.empty() || previous < value);
                                 previous.assign(value);
                                 got[std::string(value)] = n;
                               })
                  .ok());
  EXPECT_TRUE(ordered);
  EXPECT_EQ(got, BruteCountValues(records, count, field, only));
}

// Expects every lookup of `view` to answer as brute force over
// records[0, count) does.
inline void ExpectViewMatches(IndexView& view, const std::vector<TestRecord>& records, size_t count,
                              uint64_t seed, int queries) {
  std::mt19937_64 rng(seed);
  ASSERT_EQ(view.record_count(), count);
  for (size_t f = 0; f < kFieldCount; ++f) {
    ExpectFieldLookups(view, records, count, static_cast<Field>(f), rng, queries);
  }
  ExpectTimeLookups(view, records, count, rng, queries);
  for (size_t i = 0; i < count; ++i) {
    Result<uint64_t> offset = view.FrameOffset(static_cast<Ordinal>(i));
    ASSERT_TRUE(offset.ok());
    EXPECT_EQ(*offset, records[i].frame_offset);
  }
  EXPECT_TRUE(view.FrameOffset(static_cast<Ordinal>(count)).status().IsNotFound());
  Postings some;
  for (size_t i = 0; i < count; ++i) {
    if (rng() % 3 == 0) some.push_back(static_cast<Ordinal>(i));
  }
  const Postings none;
  for (size_t f = 0; f < kFieldCount; ++f) {
    ExpectCountValues(view, records, count, static_cast<Field>(f), nullptr);
    ExpectCountValues(view, records, count, static_cast<Field>(f), &some);
    ExpectCountValues(view, records, count, static_cast<Field>(f), &none);
  }
}

}  // namespace sealog::index::testing

#endif  // SEALOG_TESTS_INDEX_VIEW_CHECKER_H_
