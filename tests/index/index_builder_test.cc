// IndexBuilder: every lookup against brute force over the same records, on
// a finished builder and on one that is still growing; Encode determinism.
#include "index/index_builder.h"

#include <gtest/gtest.h>

#include "index/index_file.h"
#include "tests/index/index_test_util.h"
#include "tests/index/view_checker.h"

namespace sealog::index {
namespace {

using testing::AddRecord;
using testing::AddRecords;
using testing::ExampleIdentity;
using testing::ExpectViewMatches;
using testing::RandomRecords;
using testing::TestRecord;

TEST(IndexBuilderTest, EmptyBuilderAnswersNothing) {
  IndexBuilder builder;
  ExpectViewMatches(builder, {}, 0, /*seed=*/1, /*queries=*/5);
  EXPECT_EQ(builder.min_time_ns(), 0);
  EXPECT_EQ(builder.max_time_ns(), 0);
}

TEST(IndexBuilderTest, LookupsMatchBruteForce) {
  for (uint64_t seed : {1, 2, 3}) {
    SCOPED_TRACE(seed);
    const std::vector<TestRecord> records = RandomRecords(seed, 3000);
    IndexBuilder builder;
    AddRecords(records, &builder);
    ExpectViewMatches(builder, records, records.size(), seed, /*queries=*/60);
  }
}

TEST(IndexBuilderTest, LookupsMatchBruteForceWhileGrowing) {
  const std::vector<TestRecord> records = RandomRecords(7, 2000);
  IndexBuilder builder;
  size_t added = 0;
  for (size_t chunk : {1, 1, 2, 5, 40, 151, 300, 500, 1000}) {
    for (size_t i = 0; i < chunk && added < records.size(); ++i)
      AddRecord(records[added++], &builder);
    SCOPED_TRACE(added);
    ExpectViewMatches(builder, records, added, /*seed=*/added, /*queries=*/20);
  }
  ASSERT_EQ(added, records.size());
}

TEST(IndexBuilderTest, MinAndMaxTimeFollowLateArrivals) {
  IndexBuilder builder;
  builder.Add(500, {}, 64);
  builder.Add(100, {}, 128);
  builder.Add(900, {}, 192);
  EXPECT_EQ(builder.min_time_ns(), 100);
  EXPECT_EQ(builder.max_time_ns(), 900);
}

TEST(IndexBuilderTest, CountValuesRejectsOrdinalsOutOfRangeOrOrder) {
  const std::vector<TestRecord> records = RandomRecords(4, 10);
  IndexBuilder builder;
  AddRecords(records, &builder);
  auto ignore = [](std::string_view, uint64_t) {};
  const Postings beyond = {3, 10};
  const Postings unsorted = {5, 2};
  EXPECT_TRUE(builder.CountValues(Field::kActor, &beyond, ignore).IsInvalidArgument());
  EXPECT_TRUE(builder.CountValues(Field::kActor, &unsorted, ignore).IsInvalidArgument());
}

TEST(IndexBuilderTest, EncodeIsDeterministic) {
  const std::vector<TestRecord> records = RandomRecords(5, 1500);
  IndexBuilder first;
  IndexBuilder second;
  AddRecords(records, &first);
  // Lookups between the adds must not change what is encoded.
  for (size_t i = 0; i < records.size(); ++i) {
    AddRecord(records[i], &second);
    if (i % 97 == 0) {
      Postings out;
      ASSERT_TRUE(second.FieldRange(Field::kResource, Bound::None(), Bound::None(), &out).ok());
      ASSERT_TRUE(second.TimeRange(0, INT64_MAX, &out).ok());
    }
  }
  const std::string bytes = first.Encode(ExampleIdentity());
  EXPECT_EQ(bytes, first.Encode(ExampleIdentity()));
  EXPECT_EQ(bytes, second.Encode(ExampleIdentity()));
}

// The encoder sorts each field's values by a key of the 16 bytes after the
// prefix they all share, and by the values only on a tie: values that tie
// on the key (one a prefix of another, zero bytes, long shared prefixes)
// must still come out in byte order, which the file's reader checks.
TEST(IndexBuilderTest, ValuesThatTieOnTheSortKeyAreSortedByTheirBytes) {
  const std::string shared(40, 'p');
  const std::vector<std::string> values = {
      shared + "b",       shared + "a",        shared,          shared + std::string(1, '\0'),
      shared + std::string("a\0", 2), shared + std::string("a\0\0b", 4),   shared + "\xff", shared + "a" + std::string(20, 'z'),
      shared + "a" + std::string(20, 'y'), shared.substr(0, 39) + "q"};
  std::vector<TestRecord> records(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    records[i].time_ns = static_cast<int64_t>(i);
    records[i].fields[static_cast<size_t>(Field::kResource)] = values[i];
    records[i].frame_offset = 64 + 100 * i;
  }
  IndexBuilder builder;
  AddRecords(records, &builder);
  std::unique_ptr<IndexFile> file;
  ASSERT_TRUE(IndexFile::OpenBytes(builder.Encode(ExampleIdentity()), "x.idx", ExampleIdentity(),
                                   nullptr, &file)
                  .ok());
  ExpectViewMatches(*file, records, records.size(), /*seed=*/9, /*queries=*/40);
  for (size_t i = 0; i < values.size(); ++i) {
    Postings got;
    ASSERT_TRUE(
        file->FieldRange(Field::kResource, Bound::At(values[i]), Bound::At(values[i]), &got).ok());
    EXPECT_EQ(got, Postings{static_cast<Ordinal>(i)}) << i;
  }
}

TEST(IndexBuilderTest, IdentityChangesTheDigest) {
  const std::vector<TestRecord> records = RandomRecords(6, 100);
  IndexBuilder builder;
  AddRecords(records, &builder);
  const crypto::Hash digest = IndexFile::DigestOf(builder.Encode(ExampleIdentity(1, 1)));
  IndexIdentity other_log = ExampleIdentity(1, 1);
  other_log.log_id[15] = 'x';
  EXPECT_NE(digest, IndexFile::DigestOf(builder.Encode(other_log)));
  EXPECT_NE(digest, IndexFile::DigestOf(builder.Encode(ExampleIdentity(2, 1))));
  EXPECT_NE(digest, IndexFile::DigestOf(builder.Encode(ExampleIdentity(1, 2))));
}

TEST(IndexBuilderTest, DifferentRecordsChangeTheDigest) {
  std::vector<TestRecord> records = RandomRecords(8, 100);
  IndexBuilder builder;
  AddRecords(records, &builder);
  records[50].fields[0] = "someone-else";
  IndexBuilder changed;
  AddRecords(records, &changed);
  EXPECT_NE(IndexFile::DigestOf(builder.Encode(ExampleIdentity())),
            IndexFile::DigestOf(changed.Encode(ExampleIdentity())));
}

TEST(IndexBuilderTest, IndexFileNameHasEightDigits) {
  EXPECT_EQ(IndexFileName(42), "00000042.idx");
  EXPECT_EQ(IndexFileName(123456789), "123456789.idx");
}

TEST(PrefixBoundsTest, SuccessorDropsTrailingFfBytes) {
  Bound low;
  Bound high;
  std::string storage;
  PrefixBounds("ab", &low, &high, &storage);
  EXPECT_EQ(low.value, "ab");
  EXPECT_TRUE(low.inclusive);
  EXPECT_FALSE(high.unbounded);
  EXPECT_EQ(high.value, "ac");
  EXPECT_FALSE(high.inclusive);
  PrefixBounds(std::string_view("a\xff\xff", 3), &low, &high, &storage);
  EXPECT_EQ(high.value, "b");
  PrefixBounds(std::string_view("\xff\xff", 2), &low, &high, &storage);
  EXPECT_TRUE(high.unbounded);
  PrefixBounds("", &low, &high, &storage);
  EXPECT_TRUE(high.unbounded);
  EXPECT_TRUE(AtOrAboveLow("anything", low));
}

}  // namespace
}  // namespace sealog::index
