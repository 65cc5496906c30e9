// Damaged index files, one kind of damage a test. Two families:
//  - accidents: bytes flipped or cut with the hashes left as they were. Open
//    or the first lookup of the damaged section must say kCorruption; a
//    lookup that succeeds must give the undamaged answer.
//  - a hostile writer: bytes changed and every hash and checksum recomputed
//    (ResealIndexFile), so the decoders behind the hashes see the damage.
//    They must say kCorruption naming the file, the section and the byte.
#include <gtest/gtest.h>

#include <random>

#include "engine/coding.h"
#include "index/index_builder.h"
#include "index/index_file.h"
#include "index/index_head.h"
#include "tests/index/index_test_util.h"

namespace sealog::index {
namespace {

using testing::ExampleIdentity;
using testing::ResealIndexFile;

constexpr char kWhere[] = "00000001.idx";

// 12 records: 3 actors, 2 actions, resources with 0x00 and 0xff, no
// tenant, 12 origins, 2 outcomes (one absent); late and repeated times.
std::string SmallIndex() {
  std::vector<testing::TestRecord> records = testing::RandomRecords(99, 12);
  for (size_t i = 0; i < records.size(); ++i) {
    records[i].fields[0] = std::string("user-").append(std::to_string(i % 3));
  }
  IndexBuilder builder;
  testing::AddRecords(records, &builder);
  return builder.Encode(ExampleIdentity());
}

// Every answer a view gives, one per section, or the first error.
struct Answers {
  Status status;
  std::vector<Postings> postings;
  uint64_t offset = 0;
  bool operator==(const Answers& other) const {
    return postings == other.postings && offset == other.offset;
  }
};

Answers Ask(IndexFile& file) {
  Answers answers;
  Postings out;
  answers.status = file.TimeRange(INT64_MIN, INT64_MAX, &out);
  answers.postings.push_back(out);
  for (size_t f = 0; f < kFieldCount && answers.status.ok(); ++f) {
    answers.status = file.FieldRange(static_cast<Field>(f), Bound::None(), Bound::None(), &out);
    answers.postings.push_back(out);
  }
  if (!answers.status.ok()) return answers;
  Result<uint64_t> offset = file.FrameOffset(file.record_count() - 1);
  answers.status = offset.status();
  if (offset.ok()) answers.offset = *offset;
  return answers;
}

// Opens `bytes` and asks everything. Expects kCorruption from Open or from
// a lookup, or, when `may_pass`, the answers of the undamaged file.
void ExpectCorruptionOrSameAnswers(const std::string& bytes, const Answers& good, bool may_pass,
                                   const crypto::Hash* sealed_digest = nullptr) {
  std::unique_ptr<IndexFile> file;
  Status status = IndexFile::OpenBytes(bytes, kWhere, ExampleIdentity(), sealed_digest, &file);
  if (status.ok()) {
    const Answers answers = Ask(*file);
    status = answers.status;
    if (status.ok()) {
      EXPECT_TRUE(may_pass) << "damage went unnoticed";
      EXPECT_TRUE(answers == good) << "a wrong answer was accepted";
      return;
    }
  }
  EXPECT_TRUE(status.IsCorruption()) << status.ToString();
  EXPECT_EQ(status.message().rfind(kWhere, 0), 0u) << status.ToString();
  EXPECT_NE(status.message().find(" at byte "), std::string::npos) << status.ToString();
}

Answers GoodAnswers(const std::string& bytes) {
  std::unique_ptr<IndexFile> file;
  EXPECT_TRUE(IndexFile::OpenBytes(bytes, kWhere, ExampleIdentity(), nullptr, &file).ok());
  return Ask(*file);
}

TEST(IndexFileDamageTest, EveryFlippedByteIsCaught) {
  const std::string good = SmallIndex();
  const Answers answers = GoodAnswers(good);
  ASSERT_TRUE(answers.status.ok());
  const crypto::Hash digest = IndexFile::DigestOf(good);
  for (size_t at = 0; at < good.size(); ++at) {
    for (uint8_t mask : {0x01, 0x80}) {
      SCOPED_TRACE(at);
      std::string bytes = good;
      bytes[at] = static_cast<char>(bytes[at] ^ mask);
      ExpectCorruptionOrSameAnswers(bytes, answers, /*may_pass=*/false);
      ExpectCorruptionOrSameAnswers(bytes, answers, /*may_pass=*/false, &digest);
    }
  }
}

TEST(IndexFileDamageTest, EveryTruncationIsCaught) {
  const std::string good = SmallIndex();
  const Answers answers = GoodAnswers(good);
  for (size_t length = 0; length < good.size(); ++length) {
    SCOPED_TRACE(length);
    ExpectCorruptionOrSameAnswers(good.substr(0, length), answers, /*may_pass=*/false);
  }
}

TEST(IndexFileDamageTest, TrailingBytesAreCorruption) {
  const std::string good = SmallIndex();
  ExpectCorruptionOrSameAnswers(good + std::string(1, '\0'), GoodAnswers(good), false);
}

TEST(IndexFileDamageTest, BadMagicIsCorruption) {
  std::string bytes = SmallIndex();
  bytes[0] = 'X';
  std::unique_ptr<IndexFile> file;
  const Status status = IndexFile::OpenBytes(bytes, kWhere, ExampleIdentity(), nullptr, &file);
  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("magic"), std::string::npos) << status.ToString();
}

TEST(IndexFileDamageTest, UnknownVersionIsRefusedByName) {
  std::string bytes = SmallIndex();
  EncodeFixed32(bytes.data() + kVersionOffset, 2);
  ResealIndexFile(&bytes);
  std::unique_ptr<IndexFile> file;
  const Status status = IndexFile::OpenBytes(bytes, kWhere, ExampleIdentity(), nullptr, &file);
  EXPECT_NE(status.message().find("index format version 2 is not supported"), std::string::npos)
      << status.ToString();
}

TEST(IndexFileDamageTest, HeadChecksumMismatchIsCorruption) {
  std::string bytes = SmallIndex();
  bytes[kMinTimeOffset] ^= 1;
  std::unique_ptr<IndexFile> file;
  const Status status = IndexFile::OpenBytes(bytes, kWhere, ExampleIdentity(), nullptr, &file);
  EXPECT_NE(status.message().find("head checksum mismatch"), std::string::npos)
      << status.ToString();
}

TEST(IndexFileDamageTest, SectionHashMismatchIsCorruption) {
  std::string bytes = SmallIndex();
  bytes.back() ^= 1;  // the last frame offset
  std::unique_ptr<IndexFile> file;
  ASSERT_TRUE(IndexFile::OpenBytes(bytes, kWhere, ExampleIdentity(), nullptr, &file).ok());
  const Status status = file->FrameOffset(0).status();
  EXPECT_NE(status.message().find("offsets section: bytes do not match their hash"),
            std::string::npos)
      << status.ToString();
}

// The decoders behind the hashes. Each test changes the bytes of one section
// as a buggy or hostile writer would, reseals, and expects kCorruption from
// the section's first lookup, naming it.
class ResealedDamageTest : public ::testing::Test {
 protected:
  void SetUp() override { Use(SmallIndex()); }
  void Use(std::string bytes) {
    bytes_ = std::move(bytes);
    const uint32_t head_size = DecodeFixed32(bytes_.data() + kHeadSizeOffset);
    ASSERT_TRUE(
        DecodeHead(std::string_view(bytes_).substr(0, head_size), bytes_.size(), kWhere, &head_)
            .ok());
  }
  char* Section(size_t section) { return bytes_.data() + head_.sections[section].offset; }
  char* Actor() { return Section(FieldSectionIndex(Field::kActor)); }

  // Reseals, opens, runs every lookup; the first error.
  Status Damaged() {
    ResealIndexFile(&bytes_);
    std::unique_ptr<IndexFile> file;
    Status status = IndexFile::OpenBytes(bytes_, kWhere, ExampleIdentity(), nullptr, &file);
    return status.ok() ? Ask(*file).status : status;
  }
  void ExpectCorruption(std::string_view words) {
    const Status status = Damaged();
    EXPECT_TRUE(status.IsCorruption()) << status.ToString();
    EXPECT_NE(status.message().find(words), std::string::npos) << status.ToString();
  }

  std::string bytes_;
  IndexHead head_;
};

// The actor section holds "user-0", "user-1", "user-2", 4 records each:
// value_count @0, value_offsets @4, postings_offsets @20, counts @36,
// values @48, postings after them.
TEST_F(ResealedDamageTest, UnsortedValuesAreCorruption) {
  Actor()[48 + 5] = '9';  // "user-9", "user-1", ...
  ExpectCorruption("actor section: values not in ascending order");
}

TEST_F(ResealedDamageTest, ValueOffsetsThatDoNotIncreaseAreCorruption) {
  EncodeFixed32(Actor() + 8, 0);
  ExpectCorruption("actor section: value offsets do not increase");
}

TEST_F(ResealedDamageTest, CountBelowItsPostingsIsCorruption) {
  EncodeFixed32(Actor() + 36, 3);
  ExpectCorruption("actor section: postings of value 0 do not decode");
}

TEST_F(ResealedDamageTest, CountAboveItsPostingsIsCorruption) {
  EncodeFixed32(Actor() + 36, 5);
  ExpectCorruption("actor section: count disagrees");
}

TEST_F(ResealedDamageTest, PostingBeyondTheRecordCountIsCorruption) {
  Actor()[48 + 18] = 0x40;  // value 0's first ordinal: 64 of 12 records
  ExpectCorruption("actor section: postings of value 0 do not decode");
}

TEST_F(ResealedDamageTest, ValueCountAboveTheSummaryIsCorruption) {
  EncodeFixed32(Actor(), 1000000);
  ExpectCorruption("actor section: value count is not the summary's");
}

TEST_F(ResealedDamageTest, TimeBlockThatDoesNotStartAtItsFirstTimeIsCorruption) {
  // One block: entry_count, block_count, first_time, offset, then entries.
  Section(kTimeSection)[20] = 0x05;
  ExpectCorruption("time section: time out of its block's span");
}

TEST_F(ResealedDamageTest, WrongTimeBlockCountIsCorruption) {
  EncodeFixed32(Section(kTimeSection) + 4, 2);
  ExpectCorruption("time section: wrong block count");
}

TEST_F(ResealedDamageTest, SectionsNotBackToBackAreCorruption) {
  char* entry = bytes_.data() + kFixedHeaderSize + kSectionEntrySize;  // the actor section
  EncodeFixed64(entry, DecodeFixed64(entry) + 1);
  ExpectCorruption("actor section is not where the sections before it end");
}

TEST_F(ResealedDamageTest, MoreValuesThanRecordsInTheSummaryIsCorruption) {
  // The summary starts right after the section table with the actor's value_count.
  EncodeFixed32(bytes_.data() + kFixedHeaderSize + kSectionTableSize, 13);
  ExpectCorruption("actor summary: more distinct values than records");
}

TEST_F(ResealedDamageTest, RecordUnderTwoValuesIsFoundByCheck) {
  std::unique_ptr<IndexFile> file;
  ASSERT_TRUE(IndexFile::OpenBytes(bytes_, kWhere, ExampleIdentity(), nullptr, &file).ok());
  ASSERT_TRUE(file->Check().ok());
  // "user-0" holds ordinals 0 3 6 9 (bytes 00 03 03 03); make them 0 1 6 9,
  // and 1 is "user-1"'s. A union of both still looks sound; Check is not.
  Actor()[66 + 1] = 0x01;
  Actor()[66 + 2] = 0x05;
  ASSERT_TRUE(Damaged().ok());
  ResealIndexFile(&bytes_);
  ASSERT_TRUE(IndexFile::OpenBytes(bytes_, kWhere, ExampleIdentity(), nullptr, &file).ok());
  const Status status = file->Check();
  EXPECT_NE(status.message().find("actor section: a record is under two values"), std::string::npos)
      << status.ToString();
}

TEST_F(ResealedDamageTest, RepeatedTimeOrdinalIsFoundByCheck) {
  // Times 1000 apart: the block is 00 00 | e8 07 01 | e8 07 02 | ...
  IndexBuilder builder;
  for (int i = 0; i < 5; ++i) builder.Add(1000 * i, {}, 64 + 100 * i);
  Use(builder.Encode(ExampleIdentity()));
  Section(kTimeSection)[kTimeSectionHeaderSize + kTimeDirectoryEntrySize + 4] = 0x00;
  ASSERT_TRUE(Damaged().ok());
  std::unique_ptr<IndexFile> file;
  ASSERT_TRUE(IndexFile::OpenBytes(bytes_, kWhere, ExampleIdentity(), nullptr, &file).ok());
  const Status status = file->Check();
  EXPECT_NE(status.message().find("time section: an ordinal repeats"), std::string::npos)
      << status.ToString();
}

TEST_F(ResealedDamageTest, RandomResealedDamageNeverCrashes) {
  // No answer is checked here (a resealed change may well be a valid other
  // index); what is checked is that nothing crashes or reads out of bounds
  // (run under ASan) and that errors are kCorruption.
  const std::string good = bytes_;
  std::mt19937_64 rng(5);
  for (int round = 0; round < 3000; ++round) {
    bytes_ = good;
    for (int edits = 1 + static_cast<int>(rng() % 3); edits > 0; --edits) {
      bytes_[rng() % bytes_.size()] = static_cast<char>(rng());
    }
    Status status = Damaged();
    if (status.ok()) {
      std::unique_ptr<IndexFile> file;
      ASSERT_TRUE(IndexFile::OpenBytes(bytes_, kWhere, ExampleIdentity(), nullptr, &file).ok());
      status = file->Check();
    }
    EXPECT_TRUE(status.ok() || status.IsCorruption()) << status.ToString();
  }
}

}  // namespace
}  // namespace sealog::index
