// Posting lists: the varint codecs, the delta encoding and its hostile
// inputs, and the set operations against the standard algorithms.
#include "index/postings.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <random>

namespace sealog::index {
namespace {

Postings RandomPostings(std::mt19937_64& rng, uint32_t universe, size_t size) {
  Postings out;
  for (size_t i = 0; i < size; ++i) out.push_back(static_cast<Ordinal>(rng() % universe));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

TEST(PostingsTest, Varint64RoundTrips) {
  for (uint64_t value : {uint64_t{0}, uint64_t{127}, uint64_t{128}, uint64_t{1} << 35,
                         std::numeric_limits<uint64_t>::max()}) {
    std::string bytes;
    PutVarint64(&bytes, value);
    std::string_view input = bytes;
    uint64_t decoded = 0;
    ASSERT_TRUE(GetVarint64(&input, &decoded));
    EXPECT_EQ(decoded, value);
    EXPECT_TRUE(input.empty());
  }
}

TEST(PostingsTest, Varint64OverflowIsRejected) {
  std::string_view eleven("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 10);
  uint64_t value = 0;
  EXPECT_TRUE(GetVarint64(&eleven, &value));
  std::string_view too_big("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 10);
  EXPECT_FALSE(GetVarint64(&too_big, &value));
  std::string_view cut("\x80\x80", 2);
  EXPECT_FALSE(GetVarint64(&cut, &value));
}

TEST(PostingsTest, EncodedPostingsDecode) {
  const Postings postings = {0, 1, 5, 300, 70000, 4000000000u};
  std::string bytes;
  EncodePostings(postings, &bytes);
  Postings decoded;
  ASSERT_TRUE(
      DecodePostings(bytes, 6, 4000000001u, [&](Ordinal ordinal) { decoded.push_back(ordinal); }));
  EXPECT_EQ(decoded, postings);
}

TEST(PostingsTest, HostilePostingsAreRejected) {
  auto decodes = [](std::string_view bytes, uint32_t count, uint32_t limit) {
    return DecodePostings(bytes, count, limit, [](Ordinal) {});
  };
  EXPECT_TRUE(decodes(std::string_view("\x02\x01", 2), 2, 10));
  EXPECT_FALSE(decodes(std::string_view("\x02\x00", 2), 2, 10));      // repeated ordinal
  EXPECT_FALSE(decodes(std::string_view("\x02\x08", 2), 2, 10));      // beyond the limit
  EXPECT_FALSE(decodes(std::string_view("\x02\x01\x01", 3), 2, 10));  // more than count
  EXPECT_FALSE(decodes(std::string_view("\x02", 1), 2, 10));          // fewer than count
  EXPECT_FALSE(decodes(std::string_view("\x02", 1), 0, 10));          // an empty list
  EXPECT_FALSE(decodes(std::string_view("\x02", 1), 4000000000u, 10));
  // A gap that wraps around 32 bits must not come back below the limit.
  EXPECT_FALSE(decodes(std::string_view("\x05\xff\xff\xff\xff\x0f", 6), 2, 10));
}

TEST(PostingsTest, UnionOfPiecesIsSortedAndUnique) {
  std::mt19937_64 rng(1);
  for (uint64_t expected : {uint64_t{0}, uint64_t{10}, uint64_t{100000}}) {  // vector and bitmap
    for (int round = 0; round < 20; ++round) {
      const uint32_t universe = 1 + static_cast<uint32_t>(rng() % 5000);
      std::vector<Ordinal> all;
      PostingsUnion merged(universe, expected);
      for (int piece = 0; piece < 5; ++piece) {
        const Postings list = RandomPostings(rng, universe, rng() % 300);
        merged.AddAll(list);
        all.insert(all.end(), list.begin(), list.end());
      }
      std::sort(all.begin(), all.end());
      all.erase(std::unique(all.begin(), all.end()), all.end());
      Postings out;
      merged.Finish(&out);
      EXPECT_EQ(out, all);
    }
  }
}

TEST(PostingsTest, SetOperationsMatchTheStandardAlgorithms) {
  std::mt19937_64 rng(2);
  for (int round = 0; round < 300; ++round) {
    // Lengths from equal to very different, so both merge and gallop run.
    const Postings a = RandomPostings(rng, 100000, rng() % 50);
    const Postings b = RandomPostings(rng, 100000, rng() % (round % 2 == 0 ? 60 : 20000));
    Postings expected;
    Postings got;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(expected));
    IntersectPostings(a, b, &got);
    EXPECT_EQ(got, expected);
    IntersectPostings(b, a, &got);
    EXPECT_EQ(got, expected);
    expected.clear();
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(expected));
    UnionPostings(a, b, &got);
    EXPECT_EQ(got, expected);
    for (const auto& [x, y] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
      expected.clear();
      std::set_difference(x->begin(), x->end(), y->begin(), y->end(), std::back_inserter(expected));
      DifferencePostings(*x, *y, &got);
      EXPECT_EQ(got, expected);
    }
  }
}

TEST(PostingsTest, ValidPostingsNeedsStrictOrderBelowTheLimit) {
  EXPECT_TRUE(ValidPostings(Postings{}, 0));
  EXPECT_TRUE(ValidPostings(Postings{0, 3, 9}, 10));
  EXPECT_FALSE(ValidPostings(Postings{0, 3, 3}, 10));
  EXPECT_FALSE(ValidPostings(Postings{0, 10}, 10));
}

}  // namespace
}  // namespace sealog::index
