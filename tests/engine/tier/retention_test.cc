// Store::RunRetention on the real file system: which segments move and when,
// that they read the same afterwards (scan, get, query, verify), and what
// recovery does with the files an interrupted move leaves.
#include "sealog/retention.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>

#include "engine/segment.h"
#include "engine/tier/archive_file.h"
#include "engine/tier/warm_file.h"
#include "index/index_format.h"
#include "engine/io/env.h"
#include "sealog/query.h"
#include "sealog/store.h"
#include "sealog/verify.h"
#include "tests/engine/test_util.h"
#include "tests/engine/tier/tier_test_util.h"

namespace sealog {
namespace {

using testing::AppendRange;
using testing::kDayNs;
using testing::kEventPad;
using testing::Now;
using testing::OpenOrDie;
using testing::TempDir;
using testing::TestEvent;

Options StoreOptions() { return testing::TierStoreOptions("warm_after = \"7d\"\n"); }

// Every record 1..last, read by scan and by get, is the event appended.
void ExpectRecords(Store& store, uint64_t last) {
  std::unique_ptr<Iterator> it = store.Scan(1, UINT64_MAX);
  uint64_t n = 0;
  while (it->Next()) {
    ++n;
    TestEvent want(n, kEventPad);
    ASSERT_EQ(it->record().seq, n);
    ASSERT_EQ(it->record().raw, want.raw);
  }
  ASSERT_TRUE(it->status().ok()) << it->status().ToString();
  ASSERT_EQ(n, last);
  for (uint64_t seq : {uint64_t{1}, last / 2, last}) {
    Result<Record> record = store.Get(seq);
    ASSERT_TRUE(record.ok()) << record.status().ToString();
    EXPECT_EQ(record->raw, TestEvent(seq, kEventPad).raw);
  }
}

std::vector<uint64_t> QuerySeqs(Store& store, const std::string& text) {
  Result<std::unique_ptr<QueryCursor>> cursor = store.Query(text, QueryOptions());
  EXPECT_TRUE(cursor.ok()) << cursor.status().ToString();
  std::vector<uint64_t> seqs;
  if (!cursor.ok()) return seqs;
  while ((*cursor)->Next()) seqs.push_back((*cursor)->record().seq);
  EXPECT_TRUE((*cursor)->status().ok());
  return seqs;
}

void ExpectVerifies(const std::string& path, uint64_t records) {
  Result<VerifyReport> report = Verify(path, VerifyOptions());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  for (const Problem& problem : report->problems) {
    ADD_FAILURE() << ProblemKindName(problem.kind) << " " << problem.file << ": "
                  << problem.message;
  }
  EXPECT_EQ(report->records_verified, records);
}

size_t CountTier(const StoreStats& stats, Tier tier) {
  size_t n = 0;
  for (const SegmentInfo& s : stats.segments) n += !s.active && s.tier == tier ? 1 : 0;
  return n;
}

TEST(RetentionTest, SegmentsMoveToWarmOnceDueAndReadTheSame) {
  TempDir dir;
  auto store = OpenOrDie(dir.path(), StoreOptions());
  ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 1, 600));
  ASSERT_TRUE(store->Roll().ok());
  const StoreStats before = store->Stats();
  const size_t closed = before.segments.size() - 1;
  ASSERT_GT(closed, 5u);
  const std::vector<uint64_t> user3 = QuerySeqs(*store, "actor:user-3");
  ASSERT_FALSE(user3.empty());

  // Not due a day after sealing, due after eight; a dry run changes nothing.
  RetentionOptions options;
  options.now_ns = Now() + kDayNs;
  Result<RetentionReport> early = store->RunRetention(options);
  ASSERT_TRUE(early.ok()) << early.status().ToString();
  EXPECT_TRUE(early->steps.empty());
  options.now_ns = Now() + 8 * kDayNs;
  options.dry_run = true;
  Result<RetentionReport> planned = store->RunRetention(options);
  ASSERT_TRUE(planned.ok());
  ASSERT_EQ(planned->steps.size(), closed);
  EXPECT_EQ(planned->steps[0].segment, 1u);
  EXPECT_EQ(planned->steps[0].bytes_after, 0u);
  EXPECT_FALSE(std::filesystem::exists(dir.Sub(tier::WarmFileName(1))));

  options.dry_run = false;
  uint64_t progress_calls = 0;
  options.progress = [&](uint64_t done, uint64_t total) {
    ++progress_calls;
    EXPECT_LE(done, total);
  };
  Result<RetentionReport> done = store->RunRetention(options);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  ASSERT_EQ(done->steps.size(), closed);
  EXPECT_EQ(progress_calls, closed);
  for (const RetentionStep& step : done->steps) {
    EXPECT_EQ(step.from, Tier::kHot);
    EXPECT_EQ(step.to, Tier::kWarm);
    EXPECT_GT(step.bytes_after, 0u);
    EXPECT_LT(step.bytes_after, step.bytes_before / 2) << "segment " << step.segment;
    EXPECT_FALSE(std::filesystem::exists(dir.Sub(SegmentFileName(step.segment))));
    EXPECT_TRUE(std::filesystem::exists(dir.Sub(tier::WarmFileName(step.segment))));
  }
  const StoreStats after = store->Stats();
  EXPECT_EQ(CountTier(after, Tier::kWarm), closed);
  EXPECT_EQ(CountTier(after, Tier::kHot), 0u);
  EXPECT_EQ(after.segments[0].size_bytes, before.segments[0].size_bytes);
  EXPECT_EQ(after.segments[0].stored_bytes, done->steps[0].bytes_after);

  // The same records, the same answers, while the writer runs and appends more.
  ASSERT_NO_FATAL_FAILURE(ExpectRecords(*store, 600));
  EXPECT_EQ(QuerySeqs(*store, "actor:user-3"), user3);
  ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 601, 700));
  Result<RetentionReport> again = store->RunRetention(options);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->steps.empty()) << "warm segments never move to warm again";
  store.reset();

  // And after reopening, with verify.
  store = OpenOrDie(dir.path(), StoreOptions());
  ASSERT_NO_FATAL_FAILURE(ExpectRecords(*store, 700));
  EXPECT_EQ(CountTier(store->Stats(), Tier::kWarm), closed);
  ASSERT_TRUE(store->Roll().ok());
  store.reset();
  ExpectVerifies(dir.path(), 700);
}

TEST(RetentionTest, AppendsAndQueriesGoOnWhileSegmentsMove) {
  TempDir dir;
  auto store = OpenOrDie(dir.path(), StoreOptions());
  ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 1, 400));
  ASSERT_TRUE(store->Roll().ok());
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> appended{400};
  std::thread appender([&] {
    for (uint64_t n = 401; n <= 1400 && !stop; ++n) {
      TestEvent e(n, kEventPad);
      if (!store->Append(e.event).ok()) return;
      appended = n;
    }
  });
  std::thread reader([&] {
    while (!stop) {
      std::unique_ptr<Iterator> it = store->Scan(1, 400);
      uint64_t n = 0;
      while (it->Next()) ++n;
      EXPECT_TRUE(it->status().ok()) << it->status().ToString();
      EXPECT_EQ(n, 400u);
    }
  });
  RetentionOptions options;
  options.now_ns = Now() + 30 * kDayNs;
  for (int round = 0; round < 3; ++round) {
    Result<RetentionReport> report = store->RunRetention(options);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
  }
  stop = true;
  appender.join();
  reader.join();
  ASSERT_TRUE(store->Flush().ok());
  ASSERT_NO_FATAL_FAILURE(ExpectRecords(*store, appended));
  EXPECT_GT(CountTier(store->Stats(), Tier::kWarm), 0u);
  ASSERT_TRUE(store->Roll().ok());
  const uint64_t total = appended;
  store.reset();
  ExpectVerifies(dir.path(), total);
}

TEST(RetentionTest, RecoveryRemovesTheCopyTheManifestDoesNotName) {
  TempDir dir;
  std::string hot_copy;
  {
    auto store = OpenOrDie(dir.path(), StoreOptions());
    ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 1, 300));
    ASSERT_TRUE(store->Roll().ok());
    hot_copy = testing::ReadFile(dir.Sub(SegmentFileName(1)));
    RetentionOptions options;
    options.now_ns = Now() + 8 * kDayNs;
    ASSERT_TRUE(store->RunRetention(options).ok());
  }
  uint64_t fresh = 0;
  {
    auto store = OpenOrDie(dir.path(), StoreOptions());
    ASSERT_GT(CountTier(store->Stats(), Tier::kWarm), 1u);
    ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 301, 320));
    ASSERT_TRUE(store->Roll().ok());
    fresh = store->Stats().segments.size() - 1;  // closed, sealed, hot
  }
  // A crash after the MANIFEST named segment 1 warm, before its .seg went.
  testing::WriteFile(dir.Sub(SegmentFileName(1)), hot_copy);
  // A crash before the MANIFEST named segment `fresh` warm: its warm file,
  // and a half-written temporary, left behind.
  auto env = io::NewPosixEnv();
  uint64_t stored = 0;
  ASSERT_TRUE(tier::WriteWarmFile(*env, dir.path(), fresh, 3, &stored).ok());
  testing::WriteFile(dir.Sub(tier::WarmFileName(fresh) + ".tmp"), "half");

  // Read-only opens repair nothing, and read the right copy meanwhile.
  {
    Options read_only = StoreOptions();
    read_only.read_only = true;
    auto store = OpenOrDie(dir.path(), read_only);
    ASSERT_NO_FATAL_FAILURE(ExpectRecords(*store, 320));
    EXPECT_TRUE(std::filesystem::exists(dir.Sub(SegmentFileName(1))));
  }
  auto store = OpenOrDie(dir.path(), StoreOptions());
  EXPECT_FALSE(std::filesystem::exists(dir.Sub(SegmentFileName(1))));
  EXPECT_TRUE(std::filesystem::exists(dir.Sub(tier::WarmFileName(1))));
  EXPECT_TRUE(std::filesystem::exists(dir.Sub(SegmentFileName(fresh))));
  EXPECT_FALSE(std::filesystem::exists(dir.Sub(tier::WarmFileName(fresh))));
  EXPECT_FALSE(std::filesystem::exists(dir.Sub(tier::WarmFileName(fresh) + ".tmp")));
  ASSERT_NO_FATAL_FAILURE(ExpectRecords(*store, 320));
  store.reset();
  ExpectVerifies(dir.path(), 320);
}

// Every file name in the store's directory.
std::vector<std::string> Names(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> Archives(const std::string& dir) {
  std::vector<std::string> archives;
  for (const std::string& name : Names(dir)) {
    if (tier::ParseArchiveFileName(name)) archives.push_back(name);
  }
  return archives;
}

TEST(RetentionTest, SegmentsPackIntoColdArchivesFromEitherTierAndReadTheSame) {
  TempDir dir;
  auto store = OpenOrDie(dir.path(), StoreOptions());
  ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 1, 600));
  ASSERT_TRUE(store->Roll().ok());
  const size_t first_closed = store->Stats().segments.size() - 1;

  // Segments 1..3 warm first; at 100 days everything goes cold, warm or hot,
  // in one archive since the run's due segments follow each other.
  RetentionOptions options;
  options.now_ns = Now() + 8 * kDayNs;
  ASSERT_TRUE(store->RunRetention(options).ok());
  ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 601, 700));
  ASSERT_TRUE(store->Roll().ok());
  const size_t closed = store->Stats().segments.size() - 1;
  const std::vector<uint64_t> user3 = QuerySeqs(*store, "actor:user-3");
  const std::vector<uint64_t> recent = QuerySeqs(*store, "actor:user-1 OR resource:res/5*");
  ASSERT_FALSE(user3.empty());
  options.now_ns = Now() + 100 * kDayNs;
  options.dry_run = true;
  Result<RetentionReport> planned = store->RunRetention(options);
  ASSERT_TRUE(planned.ok()) << planned.status().ToString();
  ASSERT_EQ(planned->steps.size(), closed);
  EXPECT_EQ(planned->steps.front().from, Tier::kWarm);
  EXPECT_EQ(planned->steps.back().from, Tier::kHot);
  EXPECT_TRUE(Archives(dir.path()).empty());
  options.dry_run = false;
  Result<RetentionReport> done = store->RunRetention(options);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  ASSERT_EQ(done->steps.size(), closed);
  uint64_t archived_bytes = 0;
  for (const RetentionStep& step : done->steps) {
    EXPECT_EQ(step.to, Tier::kCold);
    EXPECT_GT(step.bytes_after, 0u);
    EXPECT_LT(step.bytes_after, step.bytes_before) << "segment " << step.segment;
    archived_bytes += step.bytes_after;
    for (const std::string& old : {SegmentFileName(step.segment), tier::WarmFileName(step.segment),
                                   index::IndexFileName(step.segment)}) {
      EXPECT_FALSE(std::filesystem::exists(dir.Sub(old))) << old;
    }
  }
  const std::string archive = tier::ArchiveFileName(1, closed);
  ASSERT_EQ(Archives(dir.path()), std::vector<std::string>{archive});
  EXPECT_LT(archived_bytes, std::filesystem::file_size(dir.Sub(archive)));
  const StoreStats after = store->Stats();
  EXPECT_EQ(CountTier(after, Tier::kCold), closed);
  EXPECT_EQ(after.segments[0].stored_bytes, done->steps[0].bytes_after);
  EXPECT_GT(first_closed, 3u);

  // The same records and answers, while the writer appends more; cold
  // segments never move again; the next run's segments go to a new archive.
  ASSERT_NO_FATAL_FAILURE(ExpectRecords(*store, 700));
  EXPECT_EQ(QuerySeqs(*store, "actor:user-3"), user3);
  EXPECT_EQ(QuerySeqs(*store, "actor:user-1 OR resource:res/5*"), recent);
  ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 701, 900));
  ASSERT_TRUE(store->Roll().ok());
  const size_t now_closed = store->Stats().segments.size() - 1;
  Result<RetentionReport> again = store->RunRetention(options);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_EQ(again->steps.size(), now_closed - closed);
  EXPECT_EQ(Archives(dir.path()),
            (std::vector<std::string>{archive, tier::ArchiveFileName(closed + 1, now_closed)}));
  store.reset();

  store = OpenOrDie(dir.path(), StoreOptions());
  ASSERT_NO_FATAL_FAILURE(ExpectRecords(*store, 900));
  EXPECT_EQ(CountTier(store->Stats(), Tier::kCold), now_closed);
  std::vector<uint64_t> user3_all;
  for (uint64_t n = 1; n <= 900; ++n) {
    if (TestEvent(n, kEventPad).actor == "user-3") user3_all.push_back(n);
  }
  EXPECT_EQ(QuerySeqs(*store, "actor:user-3"), user3_all);
  store.reset();
  ExpectVerifies(dir.path(), 900);
}

TEST(RetentionTest, RecoveryRemovesTheArchiveOrTheCopiesTheManifestDoesNotName) {
  TempDir dir;
  std::string hot1, index1, archive_bytes;
  std::string archive;
  {
    auto store = OpenOrDie(dir.path(), StoreOptions());
    ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 1, 300));
    ASSERT_TRUE(store->Roll().ok());
    hot1 = testing::ReadFile(dir.Sub(SegmentFileName(1)));
    index1 = testing::ReadFile(dir.Sub(index::IndexFileName(1)));
    RetentionOptions options;
    options.now_ns = Now() + 100 * kDayNs;
    Result<RetentionReport> done = store->RunRetention(options);
    ASSERT_TRUE(done.ok()) << done.status().ToString();
    archive = tier::ArchiveFileName(1, done->steps.size());
    archive_bytes = testing::ReadFile(dir.Sub(archive));
    ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 301, 400));
    ASSERT_TRUE(store->Roll().ok());
  }
  // A crash after the MANIFEST named segment 1 cold, before its old files
  // went; and a crash before the MANIFEST named the newer segments cold: an
  // archive of them (here: a copy of the first under their names), and a
  // half-written temporary.
  testing::WriteFile(dir.Sub(SegmentFileName(1)), hot1);
  testing::WriteFile(dir.Sub(index::IndexFileName(1)), index1);
  std::vector<uint64_t> hot_numbers;
  {
    Options read_only = StoreOptions();
    read_only.read_only = true;
    auto store = OpenOrDie(dir.path(), read_only);
    for (const SegmentInfo& s : store->Stats().segments) {
      if (!s.active && s.tier == Tier::kHot) hot_numbers.push_back(s.number);
    }
  }
  ASSERT_FALSE(hot_numbers.empty());
  const std::string unadopted = tier::ArchiveFileName(hot_numbers.front(), hot_numbers.back());
  testing::WriteFile(dir.Sub(unadopted), archive_bytes);
  testing::WriteFile(dir.Sub(unadopted + ".tmp"), "half");

  auto store = OpenOrDie(dir.path(), StoreOptions());
  EXPECT_FALSE(std::filesystem::exists(dir.Sub(SegmentFileName(1))));
  EXPECT_FALSE(std::filesystem::exists(dir.Sub(index::IndexFileName(1))));
  EXPECT_TRUE(std::filesystem::exists(dir.Sub(archive)));
  EXPECT_FALSE(std::filesystem::exists(dir.Sub(unadopted)));
  EXPECT_FALSE(std::filesystem::exists(dir.Sub(unadopted + ".tmp")));
  for (uint64_t n : hot_numbers) EXPECT_TRUE(std::filesystem::exists(dir.Sub(SegmentFileName(n))));
  ASSERT_NO_FATAL_FAILURE(ExpectRecords(*store, 400));
  store.reset();
  ExpectVerifies(dir.path(), 400);
}

TEST(RetentionTest, UnsealedSegmentsStayAndAreCounted) {
  TempDir dir;
  Options options = StoreOptions();
  options.seal_segments = false;
  auto store = OpenOrDie(dir.path(), options);
  ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 1, 200));
  ASSERT_TRUE(store->Roll().ok());
  RetentionOptions retention;
  retention.now_ns = Now() + 8 * kDayNs;
  Result<RetentionReport> report = store->RunRetention(retention);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->steps.empty());
  EXPECT_EQ(report->unsealed, store->Stats().segments.size() - 1);
}

TEST(RetentionTest, NeverMeansNeverAndReadOnlyStoresRefuse) {
  TempDir dir;
  Options options = StoreOptions();
  options.config_toml =
      "[segments]\nsize_max = \"16KiB\"\n[retention]\nwarm_after = \"never\"\ncold_after = \"never\"\ndelete_after = \"never\"\n";
  {
    auto store = OpenOrDie(dir.path(), options);
    ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 1, 200));
    ASSERT_TRUE(store->Roll().ok());
    RetentionOptions retention;
    retention.now_ns = Now() + 3650 * kDayNs;
    Result<RetentionReport> report = store->RunRetention(retention);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_TRUE(report->steps.empty());
  }
  options.read_only = true;
  auto store = OpenOrDie(dir.path(), options);
  EXPECT_EQ(store->RunRetention(RetentionOptions()).status().code(), Code::kReadOnly);
}

}  // namespace
}  // namespace sealog
