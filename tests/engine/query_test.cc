// Queries through the Store API on the real file system: answers from
// sealed segments, the active segment's in-memory index and the records it
// has not reached, while a writer appends and rolls; reports; bad queries.
// The threaded tests run under ThreadSanitizer too (scripts/test.sh).
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "engine/format.h"
#include "engine/record.h"
#include "engine/segment.h"
#include "sealog/query.h"
#include "sealog/store.h"
#include "tests/engine/test_util.h"

namespace sealog {
namespace {

using testing::TempDir;
using testing::TestEvent;

Options SmallSegments() {
  Options options;
  options.create_if_missing = true;
  options.durability = Durability::kNone;
  options.segment_size_max = 8 << 10;
  options.segment_age_max_ms = 0;
  options.root_key_seed = std::string(32, 'q');
  return options;
}

std::vector<uint64_t> Seqs(Store& store, const std::string& text, QueryOptions options = {}) {
  std::vector<uint64_t> seqs;
  Result<std::unique_ptr<QueryCursor>> cursor = store.Query(text, options);
  EXPECT_TRUE(cursor.ok()) << cursor.status().ToString();
  if (!cursor.ok()) return seqs;
  while ((*cursor)->Next()) seqs.push_back((*cursor)->record().seq);
  EXPECT_TRUE((*cursor)->status().ok()) << (*cursor)->status().ToString();
  EXPECT_TRUE((*cursor)->stats().warnings.empty());
  return seqs;
}

// TestEvent n has actor user-(n % 7).
std::vector<uint64_t> ActorSeqs(uint64_t actor, uint64_t last) {
  std::vector<uint64_t> seqs;
  for (uint64_t n = 1; n <= last; ++n) {
    if (n % 7 == actor) seqs.push_back(n);
  }
  return seqs;
}

void AppendEvents(Store& store, uint64_t first, uint64_t last) {
  for (uint64_t n = first; n <= last; ++n) {
    TestEvent event(n);
    ASSERT_TRUE(store.Append(event.event).ok());
  }
}

TEST(QueryTest, SealedActiveAndReopened) {
  TempDir dir;
  std::unique_ptr<Store> store = std::move(Store::Open(dir.Sub("s"), SmallSegments())).value();
  AppendEvents(*store, 1, 500);
  ASSERT_TRUE(store->Flush().ok());
  ASSERT_GT(store->Stats().segments.size(), 5u);
  EXPECT_EQ(Seqs(*store, "actor:user-3"), ActorSeqs(3, 500));
  EXPECT_EQ(Seqs(*store, "user:user-3 AND seq:[100 TO 200]").size(), 15u);
  Result<uint64_t> count = store->Count("NOT actor:user-3", {});
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 500 - ActorSeqs(3, 500).size());

  QueryOptions page;
  page.reverse = true;
  page.limit = 3;
  page.after = 400;
  EXPECT_EQ(Seqs(*store, "actor:user-0", page), (std::vector<uint64_t>{399, 392, 385}));

  store.reset();
  Options read_only = SmallSegments();
  read_only.read_only = true;
  store = std::move(Store::Open(dir.Sub("s"), read_only)).value();
  EXPECT_EQ(Seqs(*store, "actor:user-3"), ActorSeqs(3, 500));
}

TEST(QueryTest, ReportCountsByField) {
  TempDir dir;
  std::unique_ptr<Store> store = std::move(Store::Open(dir.Sub("s"), SmallSegments())).value();
  AppendEvents(*store, 1, 300);
  ASSERT_TRUE(store->Flush().ok());
  ReportOptions options;
  options.by = Field::kActor;
  options.top = 2;
  Result<FieldReport> report = store->Report(options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->records, 300u);
  EXPECT_EQ(report->distinct, 7u);
  EXPECT_EQ(report->absent, 0u);
  ASSERT_EQ(report->rows.size(), 2u);
  // 300 = 7 * 42 + 6: user-1 .. user-6 hold 43 records, user-0 42; ties by value.
  EXPECT_EQ(report->rows[0].value, "user-1");
  EXPECT_EQ(report->rows[0].count, 43u);
  EXPECT_EQ(report->rows[1].value, "user-2");
  options.by = Field::kTenant;
  report = store->Report(options);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->absent, 300u);
  EXPECT_TRUE(report->rows.empty());
}

TEST(QueryTest, ReportCountsOnlyWhatTheQueryMatches) {
  TempDir dir;
  std::unique_ptr<Store> store = std::move(Store::Open(dir.Sub("s"), SmallSegments())).value();
  AppendEvents(*store, 1, 300);
  ASSERT_TRUE(store->Flush().ok());
  ReportOptions options;
  options.by = Field::kActor;
  options.query = "actor:user-1 OR actor:user-2 OR event.n:7";
  // Event time of n is the base time + n ns: the window keeps n in 1..150.
  options.since_ns = 1'767'225'600'000'000'001;
  options.until_ns = 1'767'225'600'000'000'150;
  Result<FieldReport> report = store->Report(options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // user-1 and user-2 hold 22 each of n in 1..150; n = 7 is user-0.
  EXPECT_EQ(report->records, 45u);
  EXPECT_EQ(report->distinct, 3u);
  ASSERT_EQ(report->rows.size(), 3u);
  EXPECT_EQ(report->rows[0].value, "user-1");
  EXPECT_EQ(report->rows[0].count, 22u);
  EXPECT_EQ(report->rows[1].value, "user-2");
  EXPECT_EQ(report->rows[1].count, 22u);
  EXPECT_EQ(report->rows[2].value, "user-0");
  EXPECT_EQ(report->rows[2].count, 1u);

  options.query = "actor:(";
  report = store->Report(options);
  EXPECT_TRUE(report.status().IsInvalidArgument()) << report.status().ToString();
}

TEST(QueryTest, BadQueryNamesTheColumn) {
  TempDir dir;
  std::unique_ptr<Store> store = std::move(Store::Open(dir.Sub("s"), SmallSegments())).value();
  Result<std::unique_ptr<QueryCursor>> cursor = store->Query("actor:x AND (", {});
  ASSERT_FALSE(cursor.ok());
  EXPECT_TRUE(cursor.status().IsInvalidArgument());
  EXPECT_EQ(cursor.status().message().rfind("column 14", 0), 0u) << cursor.status().message();
}

// Readers query while the writer appends, rolls and seals: every answer is
// exactly the matching records of some prefix of the log.
TEST(QueryTest, ReadersBesideAWriterSeeConsistentPrefixes) {
  TempDir dir;
  std::unique_ptr<Store> store = std::move(Store::Open(dir.Sub("s"), SmallSegments())).value();
  constexpr uint64_t kEvents = 1500;
  std::atomic<bool> done{false};
  std::thread writer([&] {
    AppendEvents(*store, 1, kEvents);
    done = true;
  });
  std::vector<std::thread> readers;
  for (uint64_t actor = 0; actor < 2; ++actor) {
    readers.emplace_back([&, actor] {
      uint64_t rounds = 0;
      while (!done || rounds < 3) {
        ++rounds;
        const std::vector<uint64_t> seqs = Seqs(*store, "actor:user-" + std::to_string(actor));
        const uint64_t last = seqs.empty() ? 0 : seqs.back();
        std::vector<uint64_t> expected = ActorSeqs(actor, last);
        ASSERT_EQ(seqs, expected);
        Result<FieldReport> report = store->Report(ReportOptions());
        ASSERT_TRUE(report.ok()) << report.status().ToString();
      }
    });
  }
  writer.join();
  for (std::thread& reader : readers) reader.join();
  ASSERT_TRUE(store->Flush().ok());
  EXPECT_EQ(Seqs(*store, "actor:user-1"), ActorSeqs(1, kEvents));
}


// The offset of record `seq` in closed segment 1 of `dir`, and the segment's seed.
uint64_t FrameOffset(const std::string& path, uint64_t seq, uint64_t* seed, size_t* size) {
  const std::string bytes = testing::ReadFile(path);
  SegmentHeader header;
  EXPECT_TRUE(DecodeSegmentHeader(bytes, path, &header).ok());
  *seed = SegmentSeed(header.log_id, 1);
  for (uint64_t at = format::kSegmentHeaderSize; at < bytes.size();) {
    RecordView view;
    if (DecodeFrame(std::string_view(bytes).substr(at), *seed, &view, size) != FrameState::kOk) {
      break;
    }
    if (view.seq == seq) return at;
    at += *size;
  }
  ADD_FAILURE() << "no record " << seq << " in " << path;
  return 0;
}

// A record damaged after its segment was indexed (a flipped bit, or a valid
// frame of another seq in its place): the query meets it where the index
// points, returns the matches before it, and stops with corruption naming
// the file, the seq and the offset.
TEST(QueryTest, RecordDamagedWhereItsIndexPointsIsCorruption) {
  TempDir dir;
  {
    auto store = std::move(Store::Open(dir.path(), SmallSegments())).value();
    ASSERT_NO_FATAL_FAILURE(AppendEvents(*store, 1, 200));
    ASSERT_TRUE(store->Roll().ok());
    ASSERT_GT(store->Stats().segments[0].record_count, 30u);
  }
  const std::string path = dir.Sub(SegmentFileName(1));
  const std::string intact = testing::ReadFile(path);
  uint64_t seed = 0;
  size_t size = 0;
  const uint64_t offset = FrameOffset(path, 17, &seed, &size);  // 17 % 7 == 3
  const std::string expected = path + ": no valid record of seq 17 at offset " +
                               std::to_string(offset) +
                               ", where its index points; run sealog verify";
  std::string flipped = intact;
  flipped[offset + 40] ^= 0x01;
  TestEvent other(17);
  std::string forged_frame;
  EncodeRecord(other.event, 18, offset, 1'767'225'600'000'000'000, seed, &forged_frame);
  ASSERT_EQ(forged_frame.size(), size);
  std::string forged = intact;
  forged.replace(offset, size, forged_frame);
  for (const std::string& damaged : {flipped, forged}) {
    testing::WriteFile(path, damaged);
    auto store = std::move(Store::Open(dir.path(), SmallSegments())).value();
    Result<std::unique_ptr<QueryCursor>> cursor = store->Query("actor:user-3", QueryOptions());
    ASSERT_TRUE(cursor.ok()) << cursor.status().ToString();
    std::vector<uint64_t> seqs;
    while ((*cursor)->Next()) seqs.push_back((*cursor)->record().seq);
    EXPECT_EQ(seqs, (std::vector<uint64_t>{3, 10}));
    ASSERT_TRUE((*cursor)->status().IsCorruption()) << (*cursor)->status().ToString();
    EXPECT_EQ((*cursor)->status().message(), expected);
  }
}

// Counts by actor of TestEvents n in [first, last], as a report gives them.
std::map<std::string, uint64_t> ActorCounts(uint64_t first, uint64_t last) {
  std::map<std::string, uint64_t> counts;
  for (uint64_t n = first; n <= last; ++n) ++counts["user-" + std::to_string(n % 7)];
  return counts;
}

std::map<std::string, uint64_t> RowsOf(const FieldReport& report) {
  std::map<std::string, uint64_t> rows;
  for (const ReportRow& row : report.rows) rows[row.value] = row.count;
  return rows;
}

// A report over a time window and no query: sealed segments wholly inside,
// partly inside and outside it, and the active segment's records, counted
// exactly once each.
TEST(QueryTest, ReportOverATimeWindowCountsExactlyTheRecordsInIt) {
  TempDir dir;
  std::unique_ptr<Store> store = std::move(Store::Open(dir.Sub("s"), SmallSegments())).value();
  AppendEvents(*store, 1, 300);
  ASSERT_TRUE(store->Flush().ok());
  ASSERT_GT(store->Stats().segments.size(), 3u);
  const int64_t base = 1'767'225'600'000'000'000;  // TestEvent n's time is base + n
  const struct {
    uint64_t first, last;
  } windows[] = {{50, 250}, {1, 300}, {299, 300}, {2, 2}, {120, 121}};
  for (const auto& w : windows) {
    ReportOptions options;
    options.by = Field::kActor;
    options.since_ns = base + static_cast<int64_t>(w.first);
    options.until_ns = base + static_cast<int64_t>(w.last);
    Result<FieldReport> report = store->Report(options);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_EQ(report->records, w.last - w.first + 1) << w.first << ".." << w.last;
    EXPECT_EQ(RowsOf(*report), ActorCounts(w.first, w.last)) << w.first << ".." << w.last;
  }
  ReportOptions before;
  before.until_ns = base;
  Result<FieldReport> none = store->Report(before);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ(none->records, 0u);
  EXPECT_TRUE(none->rows.empty());
}

// A sealed segment's index file damaged on disk: the report is not counted
// from it; the index is rebuilt from the records and the counts are exact.
TEST(QueryTest, ReportWithADamagedIndexFileCountsFromTheRecords) {
  TempDir dir;
  {
    auto store = std::move(Store::Open(dir.Sub("s"), SmallSegments())).value();
    AppendEvents(*store, 1, 300);
    ASSERT_TRUE(store->Roll().ok());
  }
  const std::string index = dir.Sub("s/00000001.idx");
  std::string bytes = testing::ReadFile(index);
  ASSERT_GT(bytes.size(), 200u);
  bytes[bytes.size() - 20] ^= 0x01;
  testing::WriteFile(index, bytes);
  auto store = std::move(Store::Open(dir.Sub("s"), SmallSegments())).value();
  Result<FieldReport> report = store->Report(ReportOptions());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->records, 300u);
  EXPECT_EQ(RowsOf(*report), ActorCounts(1, 300));
}
}  // namespace
}  // namespace sealog
