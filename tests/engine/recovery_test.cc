// Recovery on the real file system: each test names one kind of damage and
// what Open must do with it: cut a torn tail, or report corruption and cut nothing.
#include "engine/recovery.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "engine/checksum.h"
#include "engine/coding.h"
#include "engine/format.h"
#include "engine/record.h"
#include "engine/segment.h"
#include "sealog/store.h"
#include "tests/engine/test_util.h"

namespace sealog {
namespace {

using testing::ReadFile;
using testing::TempDir;
using testing::TestEvent;
using testing::WriteFile;

std::string SegmentPath(const TempDir& dir, uint64_t number) {
  return dir.Sub(SegmentFileName(number));
}

// Appends records 1..count, each acknowledged (synced) before the next.
void Fill(const std::string& path, uint64_t count, Durability durability = Durability::kBatch,
          bool roll_at_end = false) {
  Options options;
  options.create_if_missing = true;
  options.durability = durability;
  auto store = std::move(Store::Open(path, options)).value();
  for (uint64_t n = 1; n <= count; ++n) {
    TestEvent e(n);
    ASSERT_TRUE(store->Append(e.event).ok());
  }
  if (roll_at_end) {
    ASSERT_TRUE(store->Roll().ok());
  }
}

uint64_t CountRecords(Store& store, Status* status) {
  std::unique_ptr<Iterator> it = store.Scan(1, UINT64_MAX);
  uint64_t count = 0;
  while (it->Next()) ++count;
  *status = it->status();
  return count;
}

// The offset of record `seq` (1-based) in a segment of TestEvents with no padding.
uint64_t OffsetOf(uint64_t seq) {
  uint64_t offset = format::kSegmentHeaderSize;
  for (uint64_t n = 1; n < seq; ++n) {
    TestEvent e(n);
    offset += format::kRecordHeaderSize + 17 + e.raw.size() + 3 + e.actor.size() +
              e.resource.size() + std::string("resource.read").size() + 3;
  }
  return offset;
}

TEST(RecoveryTest, TruncatedTrailingRecordIsCutAndReported) {
  TempDir dir;
  Fill(dir.path(), 10);
  const std::string path = SegmentPath(dir, 1);
  const std::string intact = ReadFile(path);
  // Half of a record, as a crash in the middle of a write leaves it.
  const std::string half = intact.substr(OffsetOf(10), 20);
  WriteFile(path, intact + half);

  Options options;
  auto store = std::move(Store::Open(dir.path(), options)).value();
  EXPECT_EQ(store->recovery().records, 10u);
  EXPECT_EQ(store->recovery().torn_bytes_dropped, 20u);
  EXPECT_EQ(store->recovery().torn_tail_offset, intact.size());
  EXPECT_EQ(std::filesystem::file_size(path), intact.size());
  TestEvent next(11);
  EXPECT_EQ(*store->Append(next.event), 11u);
}

TEST(RecoveryTest, GarbageAfterLastRecordIsCut) {
  TempDir dir;
  Fill(dir.path(), 5);
  const std::string path = SegmentPath(dir, 1);
  const std::string intact = ReadFile(path);
  WriteFile(path, intact + std::string(1000, '\x5a'));
  auto store = std::move(Store::Open(dir.path(), Options())).value();
  EXPECT_EQ(store->recovery().torn_bytes_dropped, 1000u);
  Status status;
  EXPECT_EQ(CountRecords(*store, &status), 5u);
  EXPECT_TRUE(status.ok());
}

TEST(RecoveryTest, DamageToAcknowledgedRecordIsCorruptionAndNothingIsCut) {
  TempDir dir;
  Fill(dir.path(), 10);
  const std::string path = SegmentPath(dir, 1);
  std::string bytes = ReadFile(path);
  const uint64_t damaged_at = OffsetOf(4);
  bytes[damaged_at + 40] ^= 0x01;
  WriteFile(path, bytes);

  Result<std::unique_ptr<Store>> store = Store::Open(dir.path(), Options());
  ASSERT_TRUE(store.status().IsCorruption()) << store.status().ToString();
  EXPECT_NE(store.status().message().find("offset " + std::to_string(damaged_at)),
            std::string::npos)
      << store.status().message();
  EXPECT_NE(store.status().message().find("seq 4"), std::string::npos);
  EXPECT_EQ(ReadFile(path), bytes) << "recovery must not repair corruption";
}

TEST(RecoveryTest, DamageToUnacknowledgedTailIsTornNotCorrupt) {
  // With durability none nothing was ever synced: damage anywhere in the
  // active segment can be a crash's torn write, so everything from it is cut.
  TempDir dir;
  Fill(dir.path(), 10, Durability::kNone);
  const std::string path = SegmentPath(dir, 1);
  std::string bytes = ReadFile(path);
  bytes[OffsetOf(6) + 40] ^= 0x01;
  WriteFile(path, bytes);
  auto store = std::move(Store::Open(dir.path(), Options())).value();
  EXPECT_EQ(store->recovery().records, 5u);
  EXPECT_EQ(store->recovery().torn_tail_offset, OffsetOf(6));
}

TEST(RecoveryTest, DamageInClosedSegmentIsReportedWhenRead) {
  TempDir dir;
  Fill(dir.path(), 10, Durability::kBatch, /*roll_at_end=*/true);
  const std::string path = SegmentPath(dir, 1);
  std::string bytes = ReadFile(path);
  bytes[OffsetOf(3) + 50] ^= 0x01;
  WriteFile(path, bytes);
  auto store = std::move(Store::Open(dir.path(), Options())).value();
  Status status;
  EXPECT_EQ(CountRecords(*store, &status), 2u);
  ASSERT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("00000001.seg"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("offset " + std::to_string(OffsetOf(3))), std::string::npos)
      << status.message();
  EXPECT_EQ(ReadFile(path), bytes);
}

TEST(RecoveryTest, MissingClosedSegmentIsCorruption) {
  TempDir dir;
  Fill(dir.path(), 3, Durability::kBatch, /*roll_at_end=*/true);
  std::filesystem::remove(SegmentPath(dir, 1));
  Result<std::unique_ptr<Store>> store = Store::Open(dir.path(), Options());
  ASSERT_TRUE(store.status().IsCorruption());
  EXPECT_NE(store.status().message().find("missing"), std::string::npos);
}

TEST(RecoveryTest, TruncatedClosedSegmentIsCorruption) {
  TempDir dir;
  Fill(dir.path(), 3, Durability::kBatch, /*roll_at_end=*/true);
  std::filesystem::resize_file(SegmentPath(dir, 1), OffsetOf(3));
  EXPECT_TRUE(Store::Open(dir.path(), Options()).status().IsCorruption());
}

TEST(RecoveryTest, SegmentOfUnfinishedRolloverIsRemoved) {
  TempDir dir;
  Fill(dir.path(), 3);
  // The next segment was created but the MANIFEST never switched to it.
  WriteFile(SegmentPath(dir, 2), std::string(64, '\0'));
  WriteFile(dir.Sub("MANIFEST.tmp"), "partial");
  auto store = std::move(Store::Open(dir.path(), Options())).value();
  EXPECT_FALSE(std::filesystem::exists(SegmentPath(dir, 2)));
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("MANIFEST.tmp")));
  TestEvent next(4);
  EXPECT_EQ(*store->Append(next.event), 4u);
}

TEST(RecoveryTest, ReadOnlyOpenRepairsNothing) {
  TempDir dir;
  Fill(dir.path(), 4);
  const std::string path = SegmentPath(dir, 1);
  const std::string torn = ReadFile(path) + "partial";
  WriteFile(path, torn);
  Options options;
  options.read_only = true;
  auto store = std::move(Store::Open(dir.path(), options)).value();
  EXPECT_EQ(store->recovery().torn_bytes_dropped, 7u);
  Status status;
  EXPECT_EQ(CountRecords(*store, &status), 4u);
  EXPECT_EQ(ReadFile(path), torn);
}

TEST(RecoveryTest, SegmentFromAnotherLogIsCorruption) {
  TempDir a, b;
  Fill(a.path(), 3, Durability::kBatch, true);
  Fill(b.path(), 3, Durability::kBatch, true);
  std::filesystem::copy_file(SegmentPath(b, 1), SegmentPath(a, 1),
                             std::filesystem::copy_options::overwrite_existing);
  Result<std::unique_ptr<Store>> store = Store::Open(a.path(), Options());
  ASSERT_TRUE(store.status().IsCorruption());
  EXPECT_NE(store.status().message().find("belongs to log"), std::string::npos);
}


// The header of segment `number` at `path` rewritten (checksum and all) to
// claim `first_seq`, as a tool that knew the format but not the log would.
void RewriteFirstSeq(const std::string& path, uint64_t first_seq) {
  std::string bytes = ReadFile(path);
  SegmentHeader header;
  ASSERT_TRUE(DecodeSegmentHeader(bytes, path, &header).ok());
  header.first_seq = first_seq;
  bytes.replace(0, format::kSegmentHeaderSize, EncodeSegmentHeader(header));
  WriteFile(path, bytes);
}

TEST(RecoveryTest, ActiveSegmentHeaderDisagreeingWithManifestIsCorruption) {
  TempDir dir;
  Fill(dir.path(), 3);
  const std::string path = SegmentPath(dir, 1);
  ASSERT_NO_FATAL_FAILURE(RewriteFirstSeq(path, 2));
  const std::string damaged = ReadFile(path);
  Result<std::unique_ptr<Store>> store = Store::Open(dir.path(), Options());
  ASSERT_TRUE(store.status().IsCorruption()) << store.status().ToString();
  EXPECT_EQ(store.status().message(), path + ": header says first seq 2, MANIFEST says 1");
  EXPECT_EQ(ReadFile(path), damaged);
}

TEST(RecoveryTest, ClosedSegmentHeaderDisagreeingWithManifestIsCorruption) {
  TempDir dir;
  Fill(dir.path(), 3, Durability::kBatch, /*roll_at_end=*/true);
  const std::string path = SegmentPath(dir, 1);
  ASSERT_NO_FATAL_FAILURE(RewriteFirstSeq(path, 7));
  Result<std::unique_ptr<Store>> store = Store::Open(dir.path(), Options());
  ASSERT_TRUE(store.status().IsCorruption()) << store.status().ToString();
  EXPECT_EQ(store.status().message(), path + ": header says first seq 7, MANIFEST says 1");
  // Read-only opens check closed segments the same way.
  Options read_only;
  read_only.read_only = true;
  EXPECT_EQ(Store::Open(dir.path(), read_only).status().message(), store.status().message());
}

// A valid frame (right seed, right checksum) whose seq skips one, after the
// last record of the active segment: not a torn write but a record that
// does not belong there, so corruption, and nothing is cut.
TEST(RecoveryTest, ActiveRecordOutOfSequenceIsCorruptionAndNothingIsCut) {
  TempDir dir;
  Fill(dir.path(), 5);
  const std::string path = SegmentPath(dir, 1);
  const std::string intact = ReadFile(path);
  SegmentHeader header;
  ASSERT_TRUE(DecodeSegmentHeader(intact, path, &header).ok());
  TestEvent skipped(7);
  std::string frame;
  EncodeRecord(skipped.event, 7, intact.size(), 1'767'225'600'000'000'000,
               SegmentSeed(header.log_id, 1), &frame);
  WriteFile(path, intact + frame);

  Result<std::unique_ptr<Store>> store = Store::Open(dir.path(), Options());
  ASSERT_TRUE(store.status().IsCorruption()) << store.status().ToString();
  EXPECT_EQ(store.status().message(), path + ": record at offset " +
                                          std::to_string(intact.size()) +
                                          " has seq 7, expected 6");
  EXPECT_EQ(ReadFile(path), intact + frame);
}

// An active segment whose records cannot be read at all (the file replaced
// by a directory): the I/O error, not a torn tail, and no repair.
TEST(RecoveryTest, UnreadableActiveSegmentFailsOpenWithTheIOError) {
  TempDir dir;
  Fill(dir.path(), 3);
  const std::string path = SegmentPath(dir, 1);
  std::filesystem::remove(path);
  std::filesystem::create_directory(path);
  Result<std::unique_ptr<Store>> store = Store::Open(dir.path(), Options());
  EXPECT_EQ(store.status().code(), Code::kIOError) << store.status().ToString();
  EXPECT_NE(store.status().message().find(path), std::string::npos) << store.status().message();
  EXPECT_TRUE(std::filesystem::is_directory(path));
}

// Leftovers of tier moves the MANIFEST never adopted: a warm copy, an
// archive and their temporaries, of segments that are still hot. Recovery
// removes them and keeps every record.
TEST(RecoveryTest, UnadoptedTierCopiesAreRemoved) {
  TempDir dir;
  Fill(dir.path(), 6, Durability::kBatch, /*roll_at_end=*/true);
  const std::vector<std::string> leftovers = {"00000001.wrm", "00000001.wrm.tmp",
                                              "00000001-00000001.arc",
                                              "00000001-00000001.arc.tmp"};
  for (const std::string& name : leftovers) WriteFile(dir.Sub(name), "partial copy");
  // Not ours: a file named like none of the store's stays.
  WriteFile(dir.Sub("notes.txt"), "keep");
  auto store = std::move(Store::Open(dir.path(), Options())).value();
  for (const std::string& name : leftovers) {
    EXPECT_FALSE(std::filesystem::exists(dir.Sub(name))) << name;
  }
  EXPECT_TRUE(std::filesystem::exists(dir.Sub("notes.txt")));
  EXPECT_TRUE(std::filesystem::exists(SegmentPath(dir, 1)));
  Status status;
  EXPECT_EQ(CountRecords(*store, &status), 6u);
  EXPECT_TRUE(status.ok()) << status.ToString();
}

// Each way a segment header can be damaged, in the closed segment that
// recovery checks: Open fails with kCorruption naming the file and what is
// wrong, and leaves the file as it was.
TEST(RecoveryTest, DamagedSegmentHeaderIsCorruptionNamingWhatIsWrong) {
  TempDir dir;
  Fill(dir.path(), 3, Durability::kBatch, /*roll_at_end=*/true);
  const std::string path = SegmentPath(dir, 1);
  const std::string intact = ReadFile(path);
  SegmentHeader header;
  ASSERT_TRUE(DecodeSegmentHeader(intact, path, &header).ok());
  // A header rewritten with a valid checksum: only the fields tell.
  const auto resealed = [&](size_t offset, uint32_t value) {
    std::string bytes = intact;
    EncodeFixed32(bytes.data() + offset, value);
    EncodeFixed64(bytes.data() + 56, Checksum(std::string_view(bytes).substr(0, 56)));
    return bytes;
  };
  SegmentHeader misplaced = header;
  misplaced.number = 2;
  std::string flipped = intact;
  flipped[20] ^= 0x01;  // in the log id: only the checksum tells
  std::string bad_magic = intact;
  bad_magic[0] = 'X';
  const struct {
    std::string bytes;
    std::string message;
  } cases[] = {
      {bad_magic, "not a sealog segment (bad magic at offset 0)"},
      {resealed(8, 99), "segment format version 99 is not supported (this build reads version " +
                            std::to_string(format::kVersion) + ")"},
      {resealed(12, 48), "bad segment header size at offset 12"},
      {flipped, "segment header checksum mismatch at offset 56"},
      {EncodeSegmentHeader(misplaced) + intact.substr(format::kSegmentHeaderSize),
       "header says segment 2 (misplaced file)"},
  };
  for (const auto& c : cases) {
    WriteFile(path, c.bytes);
    Result<std::unique_ptr<Store>> store = Store::Open(dir.path(), Options());
    ASSERT_TRUE(store.status().IsCorruption()) << c.message << ": " << store.status().ToString();
    EXPECT_EQ(store.status().message(), path + ": " + c.message);
    EXPECT_EQ(ReadFile(path), c.bytes);
  }
}

// An active segment cut inside its header (a crash while it was created
// cannot leave this: the MANIFEST names it only once its header is synced).
TEST(RecoveryTest, ActiveSegmentShorterThanItsHeaderIsCorruption) {
  TempDir dir;
  Fill(dir.path(), 3);
  const std::string path = SegmentPath(dir, 1);
  WriteFile(path, ReadFile(path).substr(0, 30));
  Result<std::unique_ptr<Store>> store = Store::Open(dir.path(), Options());
  ASSERT_TRUE(store.status().IsCorruption()) << store.status().ToString();
  EXPECT_EQ(store.status().message(), path + ": segment header is truncated (30 of 64 bytes)");
  EXPECT_EQ(std::filesystem::file_size(path), 30u);
}
}  // namespace
}  // namespace sealog
