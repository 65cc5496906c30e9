// Store::RunRetention on the real file system: which segments move and when,
// that they read the same afterwards (scan, get, query, verify), and what
// recovery does with the files an interrupted move leaves.
#include "sealog/retention.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "engine/segment.h"
#include "engine/tier/warm_file.h"
#include "engine/io/env.h"
#include "sealog/query.h"
#include "sealog/store.h"
#include "sealog/verify.h"
#include "tests/engine/test_util.h"

namespace sealog {
namespace {

using testing::TempDir;
using testing::TestEvent;

constexpr int64_t kDayNs = 86'400'000'000'000;
constexpr size_t kPad = 200;

Options StoreOptions() {
  Options options;
  options.create_if_missing = true;
  options.durability = Durability::kNone;
  // The store's config.toml governs the segment size once there is one.
  options.config_toml = "[segments]\nsize_max = \"16KiB\"\n[retention]\nwarm_after = \"7d\"\n";
  return options;
}

std::unique_ptr<Store> OpenOrDie(const std::string& path, const Options& options) {
  Result<std::unique_ptr<Store>> store = Store::Open(path, options);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

void AppendRange(Store& store, uint64_t first, uint64_t last) {
  for (uint64_t n = first; n <= last; ++n) {
    TestEvent e(n, kPad);
    ASSERT_TRUE(store.Append(e.event).ok());
  }
}

// Every record 1..last, read by scan and by get, is the event appended.
void ExpectRecords(Store& store, uint64_t last) {
  std::unique_ptr<Iterator> it = store.Scan(1, UINT64_MAX);
  uint64_t n = 0;
  while (it->Next()) {
    ++n;
    TestEvent want(n, kPad);
    ASSERT_EQ(it->record().seq, n);
    ASSERT_EQ(it->record().raw, want.raw);
  }
  ASSERT_TRUE(it->status().ok()) << it->status().ToString();
  ASSERT_EQ(n, last);
  for (uint64_t seq : {uint64_t{1}, last / 2, last}) {
    Result<Record> record = store.Get(seq);
    ASSERT_TRUE(record.ok()) << record.status().ToString();
    EXPECT_EQ(record->raw, TestEvent(seq, kPad).raw);
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

int64_t Now() { return io::NewPosixEnv()->NowNanos(); }

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
      TestEvent e(n, kPad);
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
