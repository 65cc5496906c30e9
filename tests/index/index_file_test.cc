// IndexFile: encode, open from bytes, and every lookup answers as brute
// force (and so as the builder) does; the summary; identity and digest checks.
// Damaged files are in index_file_damage_test.cc.
#include "index/index_file.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>

#include "engine/coding.h"
#include "index/index_builder.h"
#include "index/index_head.h"
#include "tests/index/index_test_util.h"
#include "tests/index/view_checker.h"

namespace sealog::index {
namespace {

using testing::AddRecords;
using testing::ExampleIdentity;
using testing::ExpectViewMatches;
using testing::RandomRecords;
using testing::TestRecord;

std::string Encode(const std::vector<TestRecord>& records,
                   const IndexIdentity& identity = ExampleIdentity()) {
  IndexBuilder builder;
  AddRecords(records, &builder);
  return builder.Encode(identity);
}

std::unique_ptr<IndexFile> OpenOrDie(std::string bytes,
                                     const IndexIdentity& identity = ExampleIdentity()) {
  std::unique_ptr<IndexFile> file;
  const Status status =
      IndexFile::OpenBytes(std::move(bytes), "00000001.idx", identity, nullptr, &file);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return file;
}

void ExpectFileMatchesBuilder(const std::vector<TestRecord>& records, uint64_t seed, int queries) {
  IndexBuilder builder;
  AddRecords(records, &builder);
  std::unique_ptr<IndexFile> file = OpenOrDie(builder.Encode(ExampleIdentity()));
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->summary().record_count(), records.size());
  EXPECT_EQ(file->summary().min_time_ns(), builder.min_time_ns());
  EXPECT_EQ(file->summary().max_time_ns(), builder.max_time_ns());
  // The same seed asks both the same questions; both must answer as brute force.
  ExpectViewMatches(builder, records, records.size(), seed, queries);
  ExpectViewMatches(*file, records, records.size(), seed, queries);
}

TEST(IndexFileTest, LookupsMatchTheBuilder) {
  for (uint64_t seed : {11, 12, 13}) {
    SCOPED_TRACE(seed);
    ExpectFileMatchesBuilder(RandomRecords(seed, 3000), seed, /*queries=*/60);
  }
}

TEST(IndexFileTest, EmptyIndex) {
  ExpectFileMatchesBuilder({}, 1, 5);
  std::unique_ptr<IndexFile> file = OpenOrDie(Encode({}));
  EXPECT_EQ(file->summary().min_time_ns(), 0);
  EXPECT_FALSE(file->summary().MayContain(Field::kActor, "x"));
  EXPECT_FALSE(file->summary().MayContainRange(Field::kActor, Bound::None(), Bound::None()));
  EXPECT_FALSE(file->summary().MayContainTime(INT64_MIN, INT64_MAX));
}

TEST(IndexFileTest, OneRecord) {
  for (uint64_t seed : {1, 2, 3, 4}) ExpectFileMatchesBuilder(RandomRecords(seed, 1), seed, 10);
}

TEST(IndexFileTest, RecordCountsAroundTimeBlockEdges) {
  for (size_t count : {127, 128, 129, 255, 256, 257}) {
    SCOPED_TRACE(count);
    ExpectFileMatchesBuilder(RandomRecords(count, count), count, 10);
  }
}

TEST(IndexFileTest, FieldThatIsAlwaysEmpty) {
  const std::vector<TestRecord> records = RandomRecords(21, 500);  // tenant: always empty
  std::unique_ptr<IndexFile> file = OpenOrDie(Encode(records));
  EXPECT_EQ(file->summary().field(Field::kTenant).value_count, 0u);
  EXPECT_EQ(file->summary().field(Field::kTenant).bloom_bits, 0u);
  EXPECT_FALSE(file->summary().MayContain(Field::kTenant, "tenant-001"));
  Postings out = {1};
  ASSERT_TRUE(file->FieldRange(Field::kTenant, Bound::None(), Bound::None(), &out).ok());
  EXPECT_TRUE(out.empty());
}

TEST(IndexFileTest, HugeValueCounts) {
  // Every record with its own resource and origin: many values, long
  // postings unions through the bitmap, hundreds of time blocks.
  std::vector<TestRecord> records = RandomRecords(31, 60000);
  for (size_t i = 0; i < records.size(); ++i) {
    records[i].fields[2] = std::string("res/").append(std::to_string(1000000 + i));
    records[i].fields[4] = std::string(200, 'o').append(std::to_string(i));
  }
  ExpectFileMatchesBuilder(records, 31, /*queries=*/8);
}

TEST(IndexFileTest, ExtremeTimes) {
  std::vector<TestRecord> records = RandomRecords(41, 300);
  records[3].time_ns = INT64_MIN;
  records[200].time_ns = INT64_MAX;
  records[201].time_ns = INT64_MAX;
  records[250].time_ns = -1;
  ExpectFileMatchesBuilder(records, 41, 20);
}

// An exact lookup goes through the section's hash table, not the sorted
// order: every value of every field must be found there, with its postings,
// and nothing next to one (a byte longer, a byte shorter) in its place.
TEST(IndexFileTest, ExactLookupsFindEveryValueAndNothingElse) {
  const std::vector<TestRecord> records = RandomRecords(71, 4000);
  std::unique_ptr<IndexFile> file = OpenOrDie(Encode(records));
  ASSERT_NE(file, nullptr);
  for (size_t f = 0; f < kFieldCount; ++f) {
    const Field field = static_cast<Field>(f);
    std::set<std::string> values;
    for (const TestRecord& record : records) {
      if (!record.fields[f].empty()) values.insert(record.fields[f]);
    }
    for (const std::string& value : values) {
      Postings got;
      ASSERT_TRUE(file->FieldRange(field, Bound::At(value), Bound::At(value), &got).ok());
      ASSERT_EQ(got, testing::BruteFieldRange(records, records.size(), field, Bound::At(value),
                                              Bound::At(value)))
          << f << " " << value;
      ASSERT_FALSE(got.empty());
      for (const std::string& near : {value + '\0', value.substr(0, value.size() - 1)}) {
        if (values.count(near) != 0) continue;
        ASSERT_TRUE(file->FieldRange(field, Bound::At(near), Bound::At(near), &got).ok());
        ASSERT_TRUE(got.empty()) << f << " " << near;
      }
    }
  }
}

TEST(IndexFileTest, BloomHasNoFalseNegatives) {
  const std::vector<TestRecord> records = RandomRecords(51, 5000);
  std::unique_ptr<IndexFile> file = OpenOrDie(Encode(records));
  const IndexSummary& summary = file->summary();
  for (const TestRecord& record : records) {
    for (size_t f = 0; f < kFieldCount; ++f) {
      const std::string& value = record.fields[f];
      if (value.empty()) continue;
      ASSERT_TRUE(summary.MayContain(static_cast<Field>(f), value)) << f << " " << value;
      ASSERT_TRUE(
          summary.MayContainRange(static_cast<Field>(f), Bound::At(value), Bound::At(value)));
    }
    ASSERT_TRUE(summary.MayContainTime(record.time_ns, record.time_ns));
  }
  // And it does skip: few of the users that never appear get through.
  int passed = 0;
  for (int i = 0; i < 1000; ++i) {
    passed +=
        summary.MayContain(Field::kActor, std::string("user-").append(std::to_string(5000 + i)));
  }
  EXPECT_LT(passed, 50);
}

TEST(IndexFileTest, OpenChecksTheIdentity) {
  const std::string bytes = Encode(RandomRecords(61, 50), ExampleIdentity(3, 1001));
  std::unique_ptr<IndexFile> file;
  IndexIdentity other_log = ExampleIdentity(3, 1001);
  other_log.log_id[0] = 'z';
  for (const IndexIdentity& wrong :
       {other_log, ExampleIdentity(4, 1001), ExampleIdentity(3, 1000)}) {
    const Status status = IndexFile::OpenBytes(bytes, "00000003.idx", wrong, nullptr, &file);
    EXPECT_TRUE(status.IsCorruption()) << status.ToString();
    EXPECT_NE(status.message().find("00000003.idx"), std::string::npos);
  }
  EXPECT_TRUE(IndexFile::OpenBytes(bytes, "x", ExampleIdentity(3, 1001), nullptr, &file).ok());
}

TEST(IndexFileTest, OpenChecksTheSealedDigest) {
  const std::string bytes = Encode(RandomRecords(71, 50));
  const crypto::Hash digest = IndexFile::DigestOf(bytes);
  std::unique_ptr<IndexFile> file;
  ASSERT_TRUE(IndexFile::OpenBytes(bytes, "x", ExampleIdentity(), &digest, &file).ok());
  EXPECT_EQ(file->digest(), digest);
  crypto::Hash wrong = digest;
  wrong[31] ^= 1;
  const Status status = IndexFile::OpenBytes(bytes, "x", ExampleIdentity(), &wrong, &file);
  EXPECT_TRUE(status.IsCorruption()) << status.ToString();
  // The digest of another store's index for the same records differs.
  IndexIdentity other = ExampleIdentity();
  other.log_id[7] = 'q';
  EXPECT_NE(IndexFile::DigestOf(Encode(RandomRecords(71, 50), other)), digest);
}

TEST(IndexFileTest, DigestCoversTheSectionsThroughTheHead) {
  const std::string bytes = Encode(RandomRecords(81, 50));
  IndexHead head;
  ASSERT_TRUE(
      DecodeHead(std::string_view(bytes).substr(0, DecodeFixed32(bytes.data() + kHeadSizeOffset)),
                 bytes.size(), "x", &head)
          .ok());
  for (const SectionEntry& section : head.sections) {
    EXPECT_EQ(crypto::Blake2b(std::string_view(bytes).substr(section.offset, section.length)),
              section.hash);
  }
  EXPECT_EQ(IndexFile::DigestOf(bytes),
            crypto::Blake2b(std::string_view(bytes).substr(0, head.head_size)));
}

TEST(IndexFileTest, ConcurrentFirstLookupsLoadOnce) {
  const std::vector<TestRecord> records = RandomRecords(91, 2000);
  std::unique_ptr<IndexFile> file = OpenOrDie(Encode(records));
  std::vector<std::thread> threads;
  std::vector<Postings> results(8);
  for (size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      const Field field = static_cast<Field>(t % kFieldCount);
      EXPECT_TRUE(file->FieldRange(field, Bound::None(), Bound::None(), &results[t]).ok());
      Postings times;
      EXPECT_TRUE(file->TimeRange(INT64_MIN, INT64_MAX, &times).ok());
      EXPECT_EQ(times.size(), records.size());
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (size_t t = 0; t < results.size(); ++t) {
    const Field field = static_cast<Field>(t % kFieldCount);
    EXPECT_EQ(results[t], testing::BruteFieldRange(records, records.size(), field, Bound::None(),
                                                   Bound::None()));
  }
}

}  // namespace
}  // namespace sealog::index
