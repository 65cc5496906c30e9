// Retention meeting sealed segments that no longer hold what their seals
// signed: a bit flipped on disk, or a record rewritten by someone who knew
// the segment's checksum seed (its frame checks, its Merkle leaf does not).
// A move reads its copy back against the seal before the MANIFEST adopts it,
// so such a segment is never moved: the run fails with kCorruption naming
// the file, the segment stays where it was, the copy is removed, and the
// damage is left for verify to report. Missing or damaged index files, which
// are not signed evidence, are rebuilt from the records instead.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/coding.h"
#include "engine/format.h"
#include "engine/record.h"
#include "engine/segment.h"
#include "engine/tier/archive_file.h"
#include "engine/tier/warm_file.h"
#include "index/index_format.h"
#include "sealog/query.h"
#include "sealog/retention.h"
#include "sealog/store.h"
#include "sealog/verify.h"
#include "tests/engine/test_util.h"
#include "tests/engine/tier/tier_test_util.h"

namespace sealog {
namespace {

using testing::AppendRange;
using testing::kDayNs;
using testing::Now;
using testing::OpenOrDie;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

constexpr uint64_t kRecords = 200;

Options StoreOptions() { return testing::TierStoreOptions("warm_after = \"7d\"\n"); }

RetentionOptions DaysLater(int64_t days) {
  RetentionOptions options;
  options.now_ns = Now() + days * kDayNs;
  return options;
}

// A store of several sealed segments of records 1..kRecords, closed.
void Build(const std::string& path) {
  auto store = OpenOrDie(path, StoreOptions());
  ASSERT_NE(store, nullptr);
  ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 1, kRecords));
  ASSERT_TRUE(store->Roll().ok());
  ASSERT_GE(store->Stats().segments.size(), 5u);
}

// Replaces one byte of the raw event of the `k`th record of segment
// `number` and re-encodes its frame with the segment's seed: the segment
// still reads, record by record, but is not what its seal signed. Returns
// the forged record's seq.
uint64_t ForgeRecord(const std::string& dir, uint64_t number, size_t k) {
  const std::string path = dir + "/" + SegmentFileName(number);
  std::string bytes = ReadFile(path);
  SegmentHeader header;
  EXPECT_TRUE(DecodeSegmentHeader(bytes, path, &header).ok());
  const uint64_t seed = SegmentSeed(header.log_id, number);
  uint64_t at = format::kSegmentHeaderSize;
  for (size_t i = 0;; ++i) {
    RecordView view;
    size_t size = 0;
    if (DecodeFrame(std::string_view(bytes).substr(at), seed, &view, &size) != FrameState::kOk) {
      ADD_FAILURE() << path << ": no record " << k;
      return 0;
    }
    if (i == k) {
      std::string raw(view.raw);
      std::replace(raw.begin(), raw.end(), 'x', 'y');  // the padding: same length
      Event event;
      event.raw = raw;
      event.time_ns = view.time_ns;
      for (size_t f = 0; f < kFieldCount; ++f) event.fields[f] = view.fields[f];
      std::string frame;
      EncodeRecord(event, view.seq, view.synced, view.ingest_ns, seed, &frame);
      EXPECT_EQ(frame.size(), size);
      const uint64_t seq = view.seq;
      bytes.replace(at, frame.size(), frame);
      WriteFile(path, bytes);
      return seq;
    }
    at += size;
  }
}

// The frame offset of the `k`th record of segment `number`.
uint64_t RecordOffset(const std::string& dir, uint64_t number, size_t k) {
  const std::string bytes = ReadFile(dir + "/" + SegmentFileName(number));
  uint64_t at = format::kSegmentHeaderSize;
  for (size_t i = 0; i < k; ++i) {
    at += format::kRecordHeaderSize + DecodeFixed32(bytes.data() + at + format::kRecordLengthOffset);
  }
  return at;
}

Tier TierOf(Store& store, uint64_t number) {
  for (const SegmentInfo& s : store.Stats().segments) {
    if (s.number == number) return s.tier;
  }
  return Tier::kExpired;
}

bool Exists(const TempDir& dir, const std::string& name) {
  return std::filesystem::exists(dir.Sub(name));
}

std::vector<std::string> Names(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<uint64_t> QuerySeqs(Store& store, const std::string& text) {
  Result<std::unique_ptr<QueryCursor>> cursor = store.Query(text, QueryOptions());
  EXPECT_TRUE(cursor.ok()) << cursor.status().ToString();
  std::vector<uint64_t> seqs;
  if (!cursor.ok()) return seqs;
  while ((*cursor)->Next()) seqs.push_back((*cursor)->record().seq);
  EXPECT_TRUE((*cursor)->status().ok()) << (*cursor)->status().ToString();
  return seqs;
}

TEST(RetentionDamageTest, ForgedHotSegmentIsNotMovedToWarm) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(Build(dir.path()));
  const uint64_t forged = ForgeRecord(dir.path(), 2, 3);
  ASSERT_GT(forged, 0u);
  auto store = OpenOrDie(dir.path(), StoreOptions());
  Result<RetentionReport> run = store->RunRetention(DaysLater(8));
  ASSERT_TRUE(run.status().IsCorruption()) << run.status().ToString();
  const std::string message = run.status().message();
  EXPECT_EQ(message.rfind(dir.Sub(tier::WarmFileName(2)) +
                              ": does not hold the records its seal signed (segment 2, seq ",
                          0),
            0u)
      << message;
  EXPECT_NE(message.find("run sealog verify"), std::string::npos) << message;
  // Segment 1 went before; 2 stays hot, its copy gone; nothing after it moved.
  EXPECT_EQ(TierOf(*store, 1), Tier::kWarm);
  EXPECT_EQ(TierOf(*store, 2), Tier::kHot);
  EXPECT_TRUE(Exists(dir, SegmentFileName(2)));
  EXPECT_FALSE(Exists(dir, tier::WarmFileName(2)));
  EXPECT_EQ(TierOf(*store, 3), Tier::kHot);
  EXPECT_FALSE(Exists(dir, tier::WarmFileName(3)));
  // Every record still reads (the forgery is verify's to find).
  std::unique_ptr<Iterator> it = store->Scan(1, kRecords);
  uint64_t n = 0;
  while (it->Next()) ++n;
  EXPECT_TRUE(it->status().ok()) << it->status().ToString();
  EXPECT_EQ(n, kRecords);
  // Retention again: the same refusal, no progress past it, no leftovers.
  Result<RetentionReport> again = store->RunRetention(DaysLater(8));
  EXPECT_EQ(again.status().message(), message);
  for (const std::string& name : Names(dir.path())) {
    EXPECT_FALSE(name.ends_with(".tmp")) << name;
  }
}

TEST(RetentionDamageTest, DamagedHotSegmentIsNotMovedToWarm) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(Build(dir.path()));
  const std::string path = dir.Sub(SegmentFileName(1));
  std::string bytes = ReadFile(path);
  const uint64_t damaged = RecordOffset(dir.path(), 1, 4);
  bytes[damaged + 40] ^= 0x01;
  WriteFile(path, bytes);
  auto store = OpenOrDie(dir.path(), StoreOptions());
  Result<RetentionReport> run = store->RunRetention(DaysLater(8));
  ASSERT_TRUE(run.status().IsCorruption()) << run.status().ToString();
  EXPECT_EQ(run.status().message(), dir.Sub(tier::WarmFileName(1)) +
                                        ": copy: damaged record at offset " +
                                        std::to_string(damaged) + "; run sealog verify");
  EXPECT_EQ(TierOf(*store, 1), Tier::kHot);
  EXPECT_EQ(ReadFile(path), bytes) << "the damaged segment is left as it is";
  EXPECT_FALSE(Exists(dir, tier::WarmFileName(1)));
}

// Cold: the index file still carries the sealed digest, so the forgery is
// found when the archive is read back; the archive goes, every segment
// stays where it was.
TEST(RetentionDamageTest, ForgedSegmentIsNotPackedIntoAnArchive) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(Build(dir.path()));
  ASSERT_GT(ForgeRecord(dir.path(), 2, 0), 0u);
  auto store = OpenOrDie(dir.path(), StoreOptions());
  const size_t closed = store->Stats().segments.size() - 1;
  Result<RetentionReport> run = store->RunRetention(DaysLater(100));
  ASSERT_TRUE(run.status().IsCorruption()) << run.status().ToString();
  const std::string archive = dir.Sub(tier::ArchiveFileName(1, closed));
  EXPECT_EQ(run.status().message().rfind(
                archive + ": does not hold the records its seal signed (segment 2, seq ", 0),
            0u)
      << run.status().message();
  EXPECT_FALSE(std::filesystem::exists(archive));
  for (uint64_t n = 1; n <= closed; ++n) {
    EXPECT_EQ(TierOf(*store, n), Tier::kHot) << n;
    EXPECT_TRUE(Exists(dir, SegmentFileName(n))) << n;
    EXPECT_TRUE(Exists(dir, index::IndexFileName(n))) << n;
  }
}

// Without its index file the archive's index head is rebuilt from the
// records, and the forgery is found then, before anything is written.
TEST(RetentionDamageTest, ForgedSegmentWithoutIndexIsRefusedBeforeArchiving) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(Build(dir.path()));
  ASSERT_GT(ForgeRecord(dir.path(), 1, 2), 0u);
  std::filesystem::remove(dir.Sub(index::IndexFileName(1)));
  auto store = OpenOrDie(dir.path(), StoreOptions());
  Result<RetentionReport> run = store->RunRetention(DaysLater(100));
  ASSERT_TRUE(run.status().IsCorruption()) << run.status().ToString();
  EXPECT_EQ(run.status().message().rfind(
                dir.Sub(SegmentFileName(1)) +
                    ": does not hold the records its seal signed (segment 1, seq 1..",
                0),
            0u)
      << run.status().message();
  for (const std::string& name : Names(dir.path())) {
    EXPECT_FALSE(tier::ParseArchiveFileName(name) || name.ends_with(".arc.tmp")) << name;
  }
  EXPECT_EQ(TierOf(*store, 1), Tier::kHot);
}

// Index files lost or damaged (they are caches of the records, not
// evidence): the cold move rebuilds each index head from the records, the
// archive's heads match the sealed digests, and queries answer the same.
TEST(RetentionDamageTest, MissingOrDamagedIndexFilesAreRebuiltForTheArchive) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(Build(dir.path()));
  std::vector<uint64_t> user3;
  std::vector<uint64_t> resources;
  {
    auto store = OpenOrDie(dir.path(), StoreOptions());
    user3 = QuerySeqs(*store, "actor:user-3");
    resources = QuerySeqs(*store, "resource:res/1*");
    ASSERT_FALSE(user3.empty());
  }
  std::filesystem::remove(dir.Sub(index::IndexFileName(1)));
  WriteFile(dir.Sub(index::IndexFileName(2)), "short");  // shorter than any header
  std::string third = ReadFile(dir.Sub(index::IndexFileName(3)));
  third[third.size() / 2] ^= 0x20;  // its head no longer the sealed one, or no head at all
  WriteFile(dir.Sub(index::IndexFileName(3)), third);

  auto store = OpenOrDie(dir.path(), StoreOptions());
  const size_t closed = store->Stats().segments.size() - 1;
  Result<RetentionReport> run = store->RunRetention(DaysLater(100));
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->steps.size(), closed);
  EXPECT_TRUE(Exists(dir, tier::ArchiveFileName(1, closed)));
  for (uint64_t n = 1; n <= 3; ++n) {
    EXPECT_EQ(TierOf(*store, n), Tier::kCold) << n;
    EXPECT_FALSE(Exists(dir, index::IndexFileName(n))) << n;
  }
  EXPECT_EQ(QuerySeqs(*store, "actor:user-3"), user3);
  EXPECT_EQ(QuerySeqs(*store, "resource:res/1*"), resources);
  store.reset();
  Result<VerifyReport> report = Verify(dir.path(), VerifyOptions());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->problems.empty()) << ProblemKindName(report->problems[0].kind) << " "
                                        << report->problems[0].message;
  EXPECT_EQ(report->records_verified, kRecords);
}


// Scans meet damage in a warm file's frames or a cold archive's blocks
// while they read records (the segment header opened fine): the tier's own
// error comes back, naming the file, the frame or block and its offset, and
// no record from the damaged part is returned.
TEST(RetentionDamageTest, DamageInWarmFramesAndColdBlocksIsMetByScans) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(Build(dir.path()));
  uint64_t first_of_2 = 0;
  {
    auto store = OpenOrDie(dir.path(), StoreOptions());
    first_of_2 = store->Stats().segments[1].first_seq;
    ASSERT_TRUE(store->RunRetention(DaysLater(8)).ok());
    ASSERT_EQ(TierOf(*store, 1), Tier::kWarm);
  }
  // The last frame of segment 1's warm file.
  const std::string warm = dir.Sub(tier::WarmFileName(1));
  std::string bytes = ReadFile(warm);
  const uint32_t frames = DecodeFixed32(bytes.data() + format::kWarmFrameCountOffset);
  const uint64_t table = bytes.size() - format::kWarmTrailerSize - 8 * uint64_t{frames};
  const uint32_t last_size = DecodeFixed32(bytes.data() + table + 8 * (frames - 1));
  const uint64_t last = table - last_size;
  bytes[last + last_size / 2] ^= 0x10;
  WriteFile(warm, bytes);
  {
    auto store = OpenOrDie(dir.path(), StoreOptions());
    std::unique_ptr<Iterator> it = store->Scan(1, kRecords);
    uint64_t n = 0;
    while (it->Next()) ASSERT_EQ(it->record().seq, ++n);
    // (Reads go by chunks, so the records before the damaged frame may or
    // may not have come back first; none after it do.)
    EXPECT_LT(n, first_of_2 - 1) << "the records of the last frame are not returned";
    ASSERT_TRUE(it->status().IsCorruption()) << it->status().ToString();
    EXPECT_EQ(it->status().message(), warm + ": frame " + std::to_string(frames - 1) +
                                          " at offset " + std::to_string(last) +
                                          ": checksum mismatch");
  }

  // Cold: the intact warm file back, everything packed, then segment 1's
  // first block (right after the archive's 48-byte header) damaged.
  bytes[last + last_size / 2] ^= 0x10;
  WriteFile(warm, bytes);
  size_t closed = 0;
  {
    auto store = OpenOrDie(dir.path(), StoreOptions());
    closed = store->Stats().segments.size() - 1;
    Result<RetentionReport> packed = store->RunRetention(DaysLater(100));
    ASSERT_TRUE(packed.ok()) << packed.status().ToString();
  }
  const std::string archive = dir.Sub(tier::ArchiveFileName(1, closed));
  std::string packed = ReadFile(archive);
  packed[format::kArchiveHeaderSize + 20] ^= 0x01;
  WriteFile(archive, packed);
  auto store = OpenOrDie(dir.path(), StoreOptions());
  std::unique_ptr<Iterator> it = store->Scan(1, kRecords);
  EXPECT_FALSE(it->Next());
  ASSERT_TRUE(it->status().IsCorruption()) << it->status().ToString();
  EXPECT_EQ(it->status().message(),
            archive + ": segment 1 block 0 at offset 48: block checksum mismatch");
  // The other segments of the archive still read.
  std::unique_ptr<Iterator> rest = store->Scan(first_of_2, kRecords);
  uint64_t n = first_of_2 - 1;
  while (rest->Next()) ASSERT_EQ(rest->record().seq, ++n);
  EXPECT_TRUE(rest->status().ok()) << rest->status().ToString();
  EXPECT_EQ(n, kRecords);
}

// Recovery removes an old copy of a moved segment only when the copy the
// MANIFEST names opens: while the warm file or the archive is damaged, the
// older files are the segment and stay; once it opens again they go.
TEST(RetentionDamageTest, RecoveryKeepsOldCopiesWhileTheNewOneIsDamaged) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(Build(dir.path()));
  std::vector<std::string> hot;  // hot[n - 1]: segment n's .seg
  size_t closed = 0;
  {
    auto store = OpenOrDie(dir.path(), StoreOptions());
    closed = store->Stats().segments.size() - 1;
    for (uint64_t n = 1; n <= closed; ++n) hot.push_back(ReadFile(dir.Sub(SegmentFileName(n))));
    ASSERT_TRUE(store->RunRetention(DaysLater(8)).ok());
  }
  const std::string warm_path = dir.Sub(tier::WarmFileName(1));
  const std::string warm = ReadFile(warm_path);

  // Warm: segment 1's .seg back (a crash before it was removed), its warm
  // file's header damaged. The .seg is kept, and read.
  WriteFile(dir.Sub(SegmentFileName(1)), hot[0]);
  std::string bad_magic = warm;
  bad_magic[0] = 'X';
  WriteFile(warm_path, bad_magic);
  {
    auto store = OpenOrDie(dir.path(), StoreOptions());
    EXPECT_TRUE(Exists(dir, SegmentFileName(1)));
    EXPECT_TRUE(Exists(dir, tier::WarmFileName(1)));
    Result<Record> first = store->Get(1);
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    EXPECT_EQ(first->raw, testing::TestEvent(1, testing::kEventPad).raw);
  }
  WriteFile(warm_path, warm);
  { auto store = OpenOrDie(dir.path(), StoreOptions()); }
  EXPECT_FALSE(Exists(dir, SegmentFileName(1))) << "removed once the warm copy opens";

  // Cold: everything packed; then every .seg back, segment 1's .wrm back,
  // and the archive cut short. None of the old copies may go.
  {
    auto store = OpenOrDie(dir.path(), StoreOptions());
    ASSERT_TRUE(store->RunRetention(DaysLater(100)).ok());
  }
  const std::string archive_path = dir.Sub(tier::ArchiveFileName(1, closed));
  const std::string archive = ReadFile(archive_path);
  for (uint64_t n = 1; n <= closed; ++n) WriteFile(dir.Sub(SegmentFileName(n)), hot[n - 1]);
  WriteFile(warm_path, warm);
  WriteFile(archive_path, archive.substr(0, archive.size() / 2));
  {
    auto store = OpenOrDie(dir.path(), StoreOptions());
    for (uint64_t n = 1; n <= closed; ++n) EXPECT_TRUE(Exists(dir, SegmentFileName(n))) << n;
    EXPECT_TRUE(Exists(dir, tier::WarmFileName(1)));
    EXPECT_EQ(TierOf(*store, 1), Tier::kCold);
    std::unique_ptr<Iterator> it = store->Scan(1, kRecords);
    uint64_t n = 0;
    while (it->Next()) ASSERT_EQ(it->record().seq, ++n);
    EXPECT_TRUE(it->status().ok()) << it->status().ToString();
    EXPECT_EQ(n, kRecords);
  }
  WriteFile(archive_path, archive);
  {
    auto store = OpenOrDie(dir.path(), StoreOptions());
    for (uint64_t n = 1; n <= closed; ++n) EXPECT_FALSE(Exists(dir, SegmentFileName(n))) << n;
    EXPECT_FALSE(Exists(dir, tier::WarmFileName(1)));
    std::unique_ptr<Iterator> it = store->Scan(1, kRecords);
    uint64_t n = 0;
    while (it->Next()) ASSERT_EQ(it->record().seq, ++n);
    EXPECT_TRUE(it->status().ok()) << it->status().ToString();
    EXPECT_EQ(n, kRecords);
  }
  Result<VerifyReport> report = Verify(dir.path(), VerifyOptions());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->problems.empty()) << report->problems[0].message;
}
}  // namespace
}  // namespace sealog
