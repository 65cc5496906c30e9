// Scans (engine/log_iterator.h) meeting damage in closed segments that
// recovery does not read: records whose checksums are valid (the damage was
// done by something that knew the segment's seed) but that are not the
// records the MANIFEST says the segment holds. Each is kCorruption naming the
// segment file and the offset, after exactly the records before it.
#include "engine/log_iterator.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

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

// A closed segment 1 holding records 1..count, and an empty active segment 2.
void FillAndRoll(const std::string& path, uint64_t count) {
  Options options;
  options.create_if_missing = true;
  auto store = std::move(Store::Open(path, options)).value();
  for (uint64_t n = 1; n <= count; ++n) {
    TestEvent e(n);
    ASSERT_TRUE(store->Append(e.event).ok());
  }
  ASSERT_TRUE(store->Roll().ok());
}

struct Frame {
  uint64_t offset;
  size_t size;
  uint64_t seq;
  uint64_t synced;
  int64_t ingest_ns;
};

// The frames of a segment file, and its checksum seed.
std::vector<Frame> FramesOf(const std::string& bytes, uint64_t number, uint64_t* seed) {
  SegmentHeader header;
  EXPECT_TRUE(DecodeSegmentHeader(bytes, "segment", &header).ok());
  *seed = SegmentSeed(header.log_id, number);
  std::vector<Frame> frames;
  for (uint64_t at = format::kSegmentHeaderSize; at < bytes.size();) {
    RecordView view;
    size_t size = 0;
    if (DecodeFrame(std::string_view(bytes).substr(at), *seed, &view, &size) != FrameState::kOk) {
      ADD_FAILURE() << "no frame at offset " << at;
      break;
    }
    frames.push_back({at, size, view.seq, view.synced, view.ingest_ns});
    at += size;
  }
  return frames;
}

// The frame of TestEvent(n) (raw padded by `extra` bytes) with seq `seq`.
std::string FrameOf(uint64_t n, uint64_t seq, const Frame& like, uint64_t seed, size_t extra = 0) {
  TestEvent e(n);
  const std::string raw = e.raw + std::string(extra, ' ');
  e.event.raw = raw;
  std::string frame;
  EncodeRecord(e.event, seq, like.synced, like.ingest_ns, seed, &frame);
  return frame;
}

std::vector<uint64_t> ScanSeqs(Store& store, Status* status) {
  std::unique_ptr<Iterator> it = store.Scan(1, UINT64_MAX);
  std::vector<uint64_t> seqs;
  while (it->Next()) seqs.push_back(it->record().seq);
  *status = it->status();
  return seqs;
}

TEST(LogIteratorTest, RecordWithTheWrongSeqIsCorruptionNamingItsOffset) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(FillAndRoll(dir.path(), 10));
  const std::string path = dir.Sub(SegmentFileName(1));
  std::string bytes = ReadFile(path);
  uint64_t seed = 0;
  const std::vector<Frame> frames = FramesOf(bytes, 1, &seed);
  ASSERT_EQ(frames.size(), 10u);
  // Record 3 replaced by a valid frame of the same size that says seq 4.
  const std::string forged = FrameOf(3, 4, frames[2], seed);
  ASSERT_EQ(forged.size(), frames[2].size);
  bytes.replace(frames[2].offset, forged.size(), forged);
  WriteFile(path, bytes);

  auto store = std::move(Store::Open(dir.path(), Options())).value();
  Status status;
  EXPECT_EQ(ScanSeqs(*store, &status), (std::vector<uint64_t>{1, 2}));
  ASSERT_TRUE(status.IsCorruption()) << status.ToString();
  EXPECT_EQ(status.message(), path + ": record at offset " + std::to_string(frames[2].offset) +
                                  " has seq 4, expected 3");
  // A scan that starts past the damage still meets it: records are never
  // found by position alone.
  std::unique_ptr<Iterator> later = store->Scan(9, 10);
  EXPECT_FALSE(later->Next());
  EXPECT_EQ(later->status().message(), status.message());
  EXPECT_EQ(ReadFile(path), bytes) << "reading repairs nothing";
}

TEST(LogIteratorTest, SegmentEndingBeforeItsLastSeqIsCorruption) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(FillAndRoll(dir.path(), 10));
  const std::string path = dir.Sub(SegmentFileName(1));
  std::string bytes = ReadFile(path);
  uint64_t seed = 0;
  const std::vector<Frame> frames = FramesOf(bytes, 1, &seed);
  ASSERT_EQ(frames.size(), 10u);
  // Records 9 and 10 replaced by one valid record 9 as long as both: the
  // file keeps the size the MANIFEST names, and seq 10 is gone.
  const std::string plain = FrameOf(9, 9, frames[8], seed);
  const std::string merged =
      FrameOf(9, 9, frames[8], seed, frames[8].size + frames[9].size - plain.size());
  ASSERT_EQ(merged.size(), frames[8].size + frames[9].size);
  bytes.replace(frames[8].offset, merged.size(), merged);
  WriteFile(path, bytes);

  auto store = std::move(Store::Open(dir.path(), Options())).value();
  Status status;
  const std::vector<uint64_t> seqs = ScanSeqs(*store, &status);
  EXPECT_EQ(seqs.size(), 9u);
  ASSERT_TRUE(status.IsCorruption()) << status.ToString();
  EXPECT_EQ(status.message(), path + ": ends at seq 9, expected 10");
  Result<Record> gone = store->Get(10);
  EXPECT_TRUE(gone.status().IsCorruption()) << gone.status().ToString();
}

TEST(LogIteratorTest, ClosedSegmentRemovedAfterOpenIsCorruption) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(FillAndRoll(dir.path(), 5));
  auto store = std::move(Store::Open(dir.path(), Options())).value();
  TestEvent e(6);
  ASSERT_TRUE(store->Append(e.event).ok());
  const std::string path = dir.Sub(SegmentFileName(1));
  std::filesystem::remove(path);
  Status status;
  EXPECT_TRUE(ScanSeqs(*store, &status).empty());
  ASSERT_TRUE(status.IsCorruption()) << status.ToString();
  EXPECT_EQ(status.message(), path + ": segment 1 is missing");
  // Records of other segments are still there.
  std::unique_ptr<Iterator> active = store->Scan(6, 6);
  ASSERT_TRUE(active->Next()) << active->status().ToString();
  EXPECT_EQ(active->record().raw, e.raw);
}

// A segment replaced by a directory (EISDIR on reading): the I/O error
// itself is returned, not called corruption.
TEST(LogIteratorTest, UnreadableSegmentIsTheIOError) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(FillAndRoll(dir.path(), 5));
  auto store = std::move(Store::Open(dir.path(), Options())).value();
  const std::string path = dir.Sub(SegmentFileName(1));
  std::filesystem::remove(path);
  std::filesystem::create_directory(path);
  Status status;
  EXPECT_TRUE(ScanSeqs(*store, &status).empty());
  EXPECT_EQ(status.code(), Code::kIOError) << status.ToString();
  EXPECT_NE(status.message().find(path), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("Is a directory"), std::string::npos) << status.message();
}

// A bit flip in a closed segment, met by a scan that starts mid-segment:
// the damaged segment gets no seek table, the scan reads from its start.
TEST(LogIteratorTest, DamageMetByAScanFromMidSegmentIsCorruptionNamingSeqAndOffset) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(FillAndRoll(dir.path(), 10));
  const std::string path = dir.Sub(SegmentFileName(1));
  std::string bytes = ReadFile(path);
  uint64_t seed = 0;
  const std::vector<Frame> frames = FramesOf(bytes, 1, &seed);
  bytes[frames[7].offset + 40] ^= 0x01;
  WriteFile(path, bytes);
  auto store = std::move(Store::Open(dir.path(), Options())).value();
  std::unique_ptr<Iterator> it = store->Scan(6, 10);
  std::vector<uint64_t> seqs;
  while (it->Next()) seqs.push_back(it->record().seq);
  EXPECT_EQ(seqs, (std::vector<uint64_t>{6, 7}));
  ASSERT_TRUE(it->status().IsCorruption()) << it->status().ToString();
  EXPECT_EQ(it->status().message(), path + ": " + FrameStateName(FrameState::kBadChecksum) +
                                        " at offset " + std::to_string(frames[7].offset) +
                                        " (seq 8)");
}

}  // namespace
}  // namespace sealog
