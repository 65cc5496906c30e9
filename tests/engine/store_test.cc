// The Store through its public API, on the real file system.
#include "sealog/store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tests/engine/test_util.h"

namespace sealog {
namespace {

using testing::TempDir;
using testing::TestEvent;

Options CreateOptions() {
  Options options;
  options.create_if_missing = true;
  return options;
}

std::unique_ptr<Store> OpenOrDie(const std::string& path, const Options& options) {
  Result<std::unique_ptr<Store>> store = Store::Open(path, options);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

void ExpectRecords(Store& store, uint64_t first, uint64_t last, size_t pad = 0) {
  std::unique_ptr<Iterator> it = store.Scan(first, last);
  uint64_t expected = first;
  while (it->Next()) {
    TestEvent want(expected, pad);
    ASSERT_EQ(it->record().seq, expected);
    ASSERT_EQ(it->record().raw, want.raw);
    ASSERT_EQ(it->record().field(Field::kActor), want.actor);
    ASSERT_EQ(it->record().time_ns, want.event.time_ns);
    ++expected;
  }
  ASSERT_TRUE(it->status().ok()) << it->status().ToString();
  EXPECT_EQ(expected, last + 1);
}

TEST(StoreTest, OpenMissingStoreIsNotFound) {
  TempDir dir;
  Result<std::unique_ptr<Store>> store = Store::Open(dir.Sub("nope"), Options());
  EXPECT_TRUE(store.status().IsNotFound());
}

TEST(StoreTest, AppendedRecordsReadBackInOrderAfterReopen) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path(), CreateOptions());
    for (uint64_t n = 1; n <= 1000; ++n) {
      TestEvent e(n);
      Result<uint64_t> seq = store->Append(e.event);
      ASSERT_TRUE(seq.ok()) << seq.status().ToString();
      ASSERT_EQ(*seq, n);
    }
    ExpectRecords(*store, 1, 1000);
  }
  auto store = OpenOrDie(dir.path(), Options());
  EXPECT_EQ(store->recovery().records, 1000u);
  EXPECT_EQ(store->recovery().torn_bytes_dropped, 0u);
  ExpectRecords(*store, 1, 1000);
  TestEvent next(1001);
  EXPECT_EQ(*store->Append(next.event), 1001u);
}

TEST(StoreTest, GetFindsEverySeqAcrossSegments) {
  TempDir dir;
  Options options = CreateOptions();
  options.segment_size_max = 16 << 10;
  auto store = OpenOrDie(dir.path(), options);
  for (uint64_t n = 1; n <= 2000; ++n) {
    TestEvent e(n, 50);
    ASSERT_TRUE(store->AppendAsync(e.event).ok());
  }
  ASSERT_TRUE(store->Flush().ok());
  EXPECT_GT(store->Stats().segments.size(), 10u);
  for (uint64_t seq : {1ull, 2ull, 63ull, 64ull, 65ull, 777ull, 1999ull, 2000ull}) {
    Result<Record> record = store->Get(seq);
    ASSERT_TRUE(record.ok()) << seq << ": " << record.status().ToString();
    EXPECT_EQ(record->raw, TestEvent(seq, 50).raw);
  }
  EXPECT_TRUE(store->Get(2001).status().IsNotFound());
  EXPECT_TRUE(store->Get(0).status().IsNotFound());
  ExpectRecords(*store, 500, 1500, 50);
}

TEST(StoreTest, RollsOverBySizeAndReopensAcrossSegments) {
  TempDir dir;
  Options options = CreateOptions();
  options.segment_size_max = 8 << 10;
  {
    auto store = OpenOrDie(dir.path(), options);
    for (uint64_t n = 1; n <= 500; ++n) {
      TestEvent e(n, 100);
      ASSERT_TRUE(store->AppendAsync(e.event).ok());
    }
  }
  auto store = OpenOrDie(dir.path(), options);
  StoreStats stats = store->Stats();
  EXPECT_EQ(stats.records, 500u);
  ASSERT_GT(stats.segments.size(), 5u);
  for (const SegmentInfo& segment : stats.segments) {
    if (!segment.active) {
      EXPECT_LE(segment.size_bytes, options.segment_size_max);
    }
  }
  ExpectRecords(*store, 1, 500, 100);
}

TEST(StoreTest, RollsOverByAge) {
  TempDir dir;
  Options options = CreateOptions();
  options.segment_age_max_ms = 50;
  auto store = OpenOrDie(dir.path(), options);
  TestEvent e(1);
  ASSERT_TRUE(store->Append(e.event).ok());
  for (int i = 0; i < 100 && store->Stats().segments.size() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  StoreStats stats = store->Stats();
  ASSERT_EQ(stats.segments.size(), 2u);
  EXPECT_FALSE(stats.segments[0].active);
  EXPECT_EQ(stats.segments[0].record_count, 1u);
}

TEST(StoreTest, RollOfEmptySegmentDoesNothing) {
  TempDir dir;
  auto store = OpenOrDie(dir.path(), CreateOptions());
  ASSERT_TRUE(store->Roll().ok());
  EXPECT_EQ(store->Stats().segments.size(), 1u);
  TestEvent e(1);
  ASSERT_TRUE(store->Append(e.event).ok());
  ASSERT_TRUE(store->Roll().ok());
  EXPECT_EQ(store->Stats().segments.size(), 2u);
}

TEST(StoreTest, ManyThreadsAppendWithoutGapsOrDuplicates) {
  TempDir dir;
  auto store = OpenOrDie(dir.path(), CreateOptions());
  constexpr int kThreads = 8;
  constexpr int kPerThread = 300;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  std::vector<std::vector<uint64_t>> seqs(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        TestEvent e(static_cast<uint64_t>(t * kPerThread + i));
        Result<uint64_t> seq = store->Append(e.event);
        if (seq.ok()) {
          seqs[t].push_back(*seq);
        } else {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  std::vector<bool> seen(kThreads * kPerThread + 1, false);
  for (const auto& list : seqs) {
    for (uint64_t seq : list) {
      ASSERT_FALSE(seen[seq]) << "seq " << seq << " handed out twice";
      seen[seq] = true;
    }
  }
  EXPECT_EQ(store->Stats().durable_seq, uint64_t{kThreads * kPerThread});
}

TEST(StoreTest, SecondWriterIsBusyButReadersMayOpen) {
  TempDir dir;
  auto writer = OpenOrDie(dir.path(), CreateOptions());
  TestEvent e(1);
  ASSERT_TRUE(writer->Append(e.event).ok());
  Result<std::unique_ptr<Store>> second = Store::Open(dir.path(), Options());
  EXPECT_TRUE(second.status().IsBusy()) << second.status().ToString();

  Options read_only;
  read_only.read_only = true;
  auto reader = OpenOrDie(dir.path(), read_only);
  ExpectRecords(*reader, 1, 1);
  TestEvent other(2);
  EXPECT_EQ(reader->Append(other.event).status().code(), Code::kReadOnly);
}

TEST(StoreTest, DurabilityNoneDataSurvivesCleanClose) {
  TempDir dir;
  Options options = CreateOptions();
  options.durability = Durability::kNone;
  {
    auto store = OpenOrDie(dir.path(), options);
    for (uint64_t n = 1; n <= 5000; ++n) {
      TestEvent e(n);
      ASSERT_TRUE(store->Append(e.event).ok());
    }
  }
  auto store = OpenOrDie(dir.path(), Options());
  ExpectRecords(*store, 1, 5000);
}

TEST(StoreTest, SyncDurabilityAcknowledgesEachRecord) {
  TempDir dir;
  Options options = CreateOptions();
  options.durability = Durability::kSync;
  auto store = OpenOrDie(dir.path(), options);
  for (uint64_t n = 1; n <= 20; ++n) {
    TestEvent e(n);
    ASSERT_EQ(*store->Append(e.event), n);
    EXPECT_EQ(store->Stats().durable_seq, n);
  }
}

TEST(StoreTest, AwaitDurableReportsProgress) {
  TempDir dir;
  auto store = OpenOrDie(dir.path(), CreateOptions());
  TestEvent e(1);
  ASSERT_TRUE(store->AppendAsync(e.event).ok());
  Result<uint64_t> durable = store->AwaitDurable(0, std::chrono::seconds(5));
  ASSERT_TRUE(durable.ok());
  EXPECT_EQ(*durable, 1u);
  durable = store->AwaitDurable(1, std::chrono::milliseconds(10));
  ASSERT_TRUE(durable.ok());
  EXPECT_EQ(*durable, 1u);
}

TEST(StoreTest, OversizedEventIsRejectedAndNothingIsLost) {
  TempDir dir;
  auto store = OpenOrDie(dir.path(), CreateOptions());
  TestEvent first(1);
  ASSERT_TRUE(store->Append(first.event).ok());
  std::string huge(17 << 20, 'x');
  Event event;
  event.raw = huge;
  EXPECT_TRUE(store->Append(event).status().IsInvalidArgument());
  TestEvent second(2);
  EXPECT_EQ(*store->Append(second.event), 2u);
  ExpectRecords(*store, 1, 2);
}

TEST(StoreTest, WorksWithAndWithoutIoUring) {
  for (bool use_io_uring : {false, true}) {
    TempDir dir;
    Options options = CreateOptions();
    options.use_io_uring = use_io_uring;
    options.segment_size_max = 8 << 10;
    {
      auto store = OpenOrDie(dir.path(), options);
      if (!use_io_uring) {
        EXPECT_FALSE(store->Stats().io_uring);
      }
      for (uint64_t n = 1; n <= 300; ++n) {
        TestEvent e(n, 30);
        ASSERT_TRUE(store->AppendAsync(e.event).ok());
      }
      ASSERT_TRUE(store->Flush().ok());
    }
    auto store = OpenOrDie(dir.path(), options);
    ExpectRecords(*store, 1, 300, 30);
  }
}

TEST(StoreTest, ReaderOpenedBesideWriterSeesOnlyWholeRecords) {
  TempDir dir;
  auto writer = OpenOrDie(dir.path(), CreateOptions());
  std::atomic<bool> done{false};
  std::thread appender([&] {
    for (uint64_t n = 1; n <= 3000; ++n) {
      TestEvent e(n, 20);
      ASSERT_TRUE(writer->AppendAsync(e.event).ok());
    }
    done = true;
  });
  Options read_only;
  read_only.read_only = true;
  uint64_t last_seen = 0;
  while (!done) {
    auto reader = OpenOrDie(dir.path(), read_only);
    const uint64_t count = reader->recovery().records;
    EXPECT_GE(count, last_seen);
    last_seen = count;
    if (count > 0) ExpectRecords(*reader, 1, count, 20);
  }
  appender.join();
}

TEST(StoreTest, LogIdIsStableAcrossReopens) {
  TempDir dir;
  std::string id;
  {
    auto store = OpenOrDie(dir.path(), CreateOptions());
    id = store->log_id();
  }
  EXPECT_EQ(id.size(), 32u);
  EXPECT_EQ(OpenOrDie(dir.path(), Options())->log_id(), id);
}

}  // namespace
}  // namespace sealog
