// The peers' append runs at a tiny scale: each mode sealog-bench append drives
// them in completes, and the database holds every event (rows, index entries,
// keys) afterwards.
#include "bench/peer_append.h"

#include <stdlib.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace sealog::bench {
namespace {

constexpr uint64_t kEvents = 300;
constexpr uint64_t kSyncEvents = 50;

struct Mode {
  const char* name;
  PeerAppendConfig config;
};

// The modes of sealog-bench append (append_bench.cc): none, batch with one
// writer in groups, batch with 8 blocking writers, sync. Groups of 4 KiB so
// that 300 events make several.
const Mode kModes[] = {
    {"none-groups", {false, 4096, 1, kEvents}}, {"none-per-event", {false, 0, 1, kEvents}},
    {"batch-groups", {true, 4096, 1, kEvents}}, {"batch-8-writers", {true, 0, 8, kEvents}},
    {"sync", {true, 0, 1, kSyncEvents}},
};

class PeerAppendTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "peer-append-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  void Check(const PeerAppendResult& result, const PeerAppendConfig& config) {
    EXPECT_EQ(result.events, config.events);
    EXPECT_GT(result.seconds, 0);
    EXPECT_GT(result.disk_bytes, 0u);
    EXPECT_EQ(result.latencies_ns.size(), config.durable ? config.events : 0u);
    if (config.group_bytes == 0) {
      EXPECT_EQ(result.writes, config.events);
    } else {
      EXPECT_GT(result.writes, 1u);
      EXPECT_LT(result.writes, config.events);
    }
  }

  std::string root_;
  const EventSet set_{kEvents, 7};
};

TEST_F(PeerAppendTest, SqliteStoresEveryEventInEachMode) {
  for (const Mode& mode : kModes) {
    SCOPED_TRACE(mode.name);
    const std::string dir = root_ + "/sqlite-" + mode.name;
    Result<PeerAppendResult> run = RunSqliteAppend(dir, set_, mode.config);
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    Check(*run, mode.config);
    Result<uint64_t> stored = CountSqliteEvents(dir);
    ASSERT_TRUE(stored.ok()) << stored.status().ToString();
    EXPECT_EQ(*stored, mode.config.events);
  }
}

TEST_F(PeerAppendTest, SqliteRefusesAnExistingDirectory) {
  std::filesystem::create_directory(root_ + "/taken");
  EXPECT_FALSE(RunSqliteAppend(root_ + "/taken", set_, kModes[0].config).ok());
}

#ifdef SEALOG_BENCH_ROCKSDB
TEST_F(PeerAppendTest, RocksdbStoresEveryEventInEachMode) {
  for (const Mode& mode : kModes) {
    SCOPED_TRACE(mode.name);
    const std::string dir = root_ + "/rocksdb-" + mode.name;
    Result<PeerAppendResult> run = RunRocksdbAppend(dir, set_, mode.config);
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    Check(*run, mode.config);
    Result<uint64_t> stored = CountRocksdbEvents(dir);
    ASSERT_TRUE(stored.ok()) << stored.status().ToString();
    EXPECT_EQ(*stored, mode.config.events);
  }
}
#endif

}  // namespace
}  // namespace sealog::bench
