// The Store through its public API, on the real file system.
#include "sealog/store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
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


// Options that could not work are refused before anything touches the disk.
TEST(StoreTest, InvalidOptionsAreRefusedAndCreateNothing) {
  TempDir dir;
  Options small = CreateOptions();
  small.segment_size_max = 4095;
  Result<std::unique_ptr<Store>> store = Store::Open(dir.Sub("a"), small);
  EXPECT_EQ(store.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store.status().message(), "segment_size_max 4095 is below the minimum of 4096");

  Options no_commit = CreateOptions();
  no_commit.group_commit_bytes_max = 0;
  store = Store::Open(dir.Sub("a"), no_commit);
  EXPECT_EQ(store.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store.status().message(),
            "group_commit_bytes_max and pending_bytes_max must be positive");
  Options no_pending = CreateOptions();
  no_pending.pending_bytes_max = 0;
  EXPECT_EQ(Store::Open(dir.Sub("a"), no_pending).status().code(), Code::kInvalidArgument);

  Options bad_config = CreateOptions();
  bad_config.config_toml = "[retention]\nwarm_after = \"soon\"\n";
  store = Store::Open(dir.Sub("a"), bad_config);
  EXPECT_EQ(store.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store.status().message().rfind("config: ", 0), 0u) << store.status().message();
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("a")));
}

TEST(StoreTest, ErrorIfExistsRefusesAnExistingStore) {
  TempDir dir;
  { auto store = OpenOrDie(dir.path(), CreateOptions()); }
  Options options = CreateOptions();
  options.error_if_exists = true;
  Result<std::unique_ptr<Store>> store = Store::Open(dir.path(), options);
  EXPECT_EQ(store.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store.status().message(), "a store already exists at " + dir.path());
  // A read-only open never creates: create_if_missing does not apply to it.
  Options read_only = CreateOptions();
  read_only.read_only = true;
  store = Store::Open(dir.Sub("new"), read_only);
  EXPECT_TRUE(store.status().IsNotFound()) << store.status().ToString();
  EXPECT_EQ(store.status().message(), "no store at " + dir.Sub("new"));
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("new")));
}

// A root key seed of the wrong size is refused, and the half-made store is
// not mistaken for one: no MANIFEST is written.
TEST(StoreTest, RootKeySeedOfWrongSizeIsRefused) {
  TempDir dir;
  Options options = CreateOptions();
  options.root_key_seed = std::string(31, 'k');
  Result<std::unique_ptr<Store>> store = Store::Open(dir.Sub("s"), options);
  EXPECT_EQ(store.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store.status().message(), "the root key seed must be 32 bytes, not 31");
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("s/MANIFEST")));
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("s/root.key")));
  // With a 32-byte seed no root.key is left: the caller keeps the key.
  options.root_key_seed = std::string(32, 'k');
  auto created = OpenOrDie(dir.Sub("s"), options);
  ASSERT_NE(created, nullptr);
  EXPECT_TRUE(created->recovery().created);
  EXPECT_FALSE(created->recovery().root_key_generated);
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("s/root.key")));
}

// Everything that writes refuses on a read-only store with kReadOnly naming
// it, and the store's files are left as they were.
TEST(StoreTest, ReadOnlyStoreRefusesEveryWrite) {
  TempDir dir;
  {
    auto writer = OpenOrDie(dir.path(), CreateOptions());
    TestEvent e(1);
    ASSERT_TRUE(writer->Append(e.event).ok());
  }
  const std::string manifest = testing::ReadFile(dir.Sub("MANIFEST"));
  const std::string segment = testing::ReadFile(dir.Sub("00000001.seg"));
  Options options;
  options.read_only = true;
  auto store = OpenOrDie(dir.path(), options);
  ASSERT_NE(store, nullptr);
  const std::string kWhy = "store " + dir.path() + " was opened read-only";
  const auto expect_read_only = [&](const Status& status, const char* call) {
    EXPECT_EQ(status.code(), Code::kReadOnly) << call << ": " << status.ToString();
    EXPECT_EQ(status.message(), kWhy) << call;
  };
  TestEvent e(2);
  expect_read_only(store->Append(e.event).status(), "Append");
  expect_read_only(store->AppendAsync(e.event).status(), "AppendAsync");
  expect_read_only(store->WaitDurable(1), "WaitDurable");
  expect_read_only(store->AwaitDurable(0, std::chrono::milliseconds(1)).status(), "AwaitDurable");
  expect_read_only(store->Flush(), "Flush");
  expect_read_only(store->Roll(), "Roll");
  expect_read_only(store->ChangeConfig("[retention]\n").status(), "ChangeConfig");
  // Reads still work, and a read-only store reports everything durable.
  ExpectRecords(*store, 1, 1);
  EXPECT_EQ(store->Stats().durable_seq, 1u);
  EXPECT_FALSE(store->Stats().io_uring);
  EXPECT_EQ(testing::ReadFile(dir.Sub("MANIFEST")), manifest);
  EXPECT_EQ(testing::ReadFile(dir.Sub("00000001.seg")), segment);
}

// A config.toml damaged on disk is corruption naming the file; the store
// does not open under a policy it cannot read.
TEST(StoreTest, UnreadableConfigFileIsCorruption) {
  TempDir dir;
  { auto store = OpenOrDie(dir.path(), CreateOptions()); }
  testing::WriteFile(dir.Sub("config.toml"), "[retention\n");
  Result<std::unique_ptr<Store>> store = Store::Open(dir.path(), Options());
  EXPECT_TRUE(store.status().IsCorruption()) << store.status().ToString();
  EXPECT_EQ(store.status().message().rfind(dir.Sub("config.toml") + ": ", 0), 0u)
      << store.status().message();
}

TEST(StoreTest, GetOfAbsentSeqIsNotFoundNamingTheStore) {
  TempDir dir;
  auto store = OpenOrDie(dir.path(), CreateOptions());
  TestEvent e(1);
  ASSERT_TRUE(store->Append(e.event).ok());
  Result<Record> got = store->Get(2);
  EXPECT_TRUE(got.status().IsNotFound());
  EXPECT_EQ(got.status().message(), "no record with seq 2 in " + dir.path());
  EXPECT_EQ(store->Get(1)->raw, e.raw);
}

// Removing a hold that is not in force changes nothing and says so.
TEST(StoreTest, RemovingAHoldNotInForceIsNotFound) {
  TempDir dir;
  auto store = OpenOrDie(dir.path(), CreateOptions());
  Status status = store->RemoveHold(5, "no such hold");
  EXPECT_TRUE(status.IsNotFound()) << status.ToString();
  EXPECT_EQ(status.message(), "no hold 5 is in force");
  EXPECT_EQ(store->Stats().records, 0u) << "nothing was appended";
}

TEST(StoreTest, WaitingForASeqNeverAppendedIsRefused) {
  TempDir dir;
  auto store = OpenOrDie(dir.path(), CreateOptions());
  TestEvent e(1);
  ASSERT_TRUE(store->Append(e.event).ok());
  EXPECT_TRUE(store->WaitDurable(1).ok());
  Status status = store->WaitDurable(2);
  EXPECT_EQ(status.code(), Code::kInvalidArgument);
  EXPECT_EQ(status.message(), "seq 2 was never appended");
}
}  // namespace
}  // namespace sealog
