// SegmentFileCache and the cold archives: Stats and queries find each
// archive once and read its directory once, not once per segment and call;
// an archive written after the last listing is found, and one deleted while
// open still answers, as any open segment file does.
#include "engine/segment_file_cache.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "engine/tier/archive_file.h"
#include "engine/tier/segment_file.h"
#include "sealog/query.h"
#include "sealog/retention.h"
#include "sealog/store.h"
#include "tests/engine/counting_env.h"
#include "tests/engine/test_util.h"

namespace sealog {
namespace {

using testing::CountingEnv;
using testing::TempDir;
using testing::TestEvent;

constexpr int64_t kDayNs = 86'400'000'000'000;

Options StoreOptions(const std::shared_ptr<CountingEnv>& env) {
  Options options;
  options.env = env;
  options.create_if_missing = true;
  options.durability = Durability::kNone;
  options.config_toml = "[segments]\nsize_max = \"16KiB\"\n";  // cold after 90 days
  return options;
}

// Appends events first..last, seals them and packs every closed segment
// into one new archive.
void AppendAndArchive(Store& store, uint64_t first, uint64_t last) {
  for (uint64_t n = first; n <= last; ++n) {
    TestEvent e(n, 200);
    ASSERT_TRUE(store.Append(e.event).ok());
  }
  ASSERT_TRUE(store.Roll().ok());
  RetentionOptions options;
  options.now_ns = io::NewPosixEnv()->NowNanos() + 100 * kDayNs;
  Result<RetentionReport> report = store.RunRetention(options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_FALSE(report->steps.empty());
}

std::vector<tier::ArchiveRange> Archives(const std::string& dir) {
  std::vector<tier::ArchiveRange> archives;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (auto range = tier::ParseArchiveFileName(entry.path().filename().string())) {
      archives.push_back(*range);
    }
  }
  return archives;
}

std::vector<uint64_t> ColdSegments(const StoreStats& stats) {
  std::vector<uint64_t> numbers;
  for (const SegmentInfo& s : stats.segments) {
    if (s.tier == Tier::kCold) numbers.push_back(s.number);
  }
  return numbers;
}

TEST(SegmentFileCacheTest, StatsListsTheDirectoryOnceAndOpensEachArchiveOnce) {
  TempDir dir;
  auto env = std::make_shared<CountingEnv>();
  auto store = std::move(Store::Open(dir.path(), StoreOptions(env))).value();
  ASSERT_NO_FATAL_FAILURE(AppendAndArchive(*store, 1, 300));
  ASSERT_NO_FATAL_FAILURE(AppendAndArchive(*store, 301, 600));
  ASSERT_EQ(Archives(dir.path()).size(), 2u);

  env->Reset();
  const StoreStats first = store->Stats();
  const StoreStats second = store->Stats();
  const size_t cold = ColdSegments(first).size();
  ASSERT_GT(cold, 10u);
  EXPECT_EQ(env->listings, 1) << "for " << cold << " cold segments, over two calls";
  EXPECT_EQ(env->Opens(".arc"), 2);

  // And the same bytes as found without the cache.
  std::shared_ptr<io::Env> posix = io::NewPosixEnv();
  ASSERT_EQ(first.segments.size(), second.segments.size());
  for (size_t i = 0; i < first.segments.size(); ++i) {
    const SegmentInfo& s = first.segments[i];
    EXPECT_EQ(second.segments[i].stored_bytes, s.stored_bytes);
    if (s.tier != Tier::kCold) continue;
    Result<uint64_t> stored = tier::StoredBytes(*posix, dir.path(), s.number, Tier::kCold);
    ASSERT_TRUE(stored.ok()) << stored.status().ToString();
    EXPECT_GT(s.stored_bytes, 0u);
    EXPECT_EQ(s.stored_bytes, *stored) << "segment " << s.number;
  }
}

// Warm files share the store's FrameCache: a query asked again copies the
// frames decoded the first time, reading nothing from the warm files; with
// the cache off each file keeps only its last 64 KiB, and reads again.
TEST(SegmentFileCacheTest, AQueryAskedAgainReadsNoWarmFrameTwice) {
  TempDir dir;
  auto env = std::make_shared<CountingEnv>();
  {
    Options options = StoreOptions(env);
    // Segments of 128 KiB: more frames each than a file's own 64 KiB holds.
    options.config_toml =
        "[segments]\nsize_max = \"128KiB\"\n[retention]\nwarm_after = \"1d\"\n";
    auto store = std::move(Store::Open(dir.path(), options)).value();
    for (uint64_t n = 1; n <= 1200; ++n) {
      TestEvent e(n, 200);
      ASSERT_TRUE(store->Append(e.event).ok());
    }
    ASSERT_TRUE(store->Roll().ok());
    RetentionOptions retention;
    retention.now_ns = io::NewPosixEnv()->NowNanos() + 2 * kDayNs;
    Result<RetentionReport> report = store->RunRetention(retention);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    ASSERT_GE(report->steps.size(), 3u);
  }
  for (const uint64_t cache_bytes : {uint64_t{64} << 20, uint64_t{0}}) {
    Options options = StoreOptions(env);
    options.frame_cache_bytes = cache_bytes;
    auto store = std::move(Store::Open(dir.path(), options)).value();
    // A seventh of the records, one here and there in every segment. (A scan reading whole frames decodes
    // them into its own buffer, bypassing the cache, which it would churn.)
    const auto lookup = [&] {
      Result<std::unique_ptr<QueryCursor>> cursor = store->Query("actor:user-3", QueryOptions());
      EXPECT_TRUE(cursor.ok());
      uint64_t n = 0;
      while ((*cursor)->Next()) ++n;
      EXPECT_EQ(n, 172u);
    };
    lookup();
    env->Reset();
    lookup();
    if (cache_bytes > 0) {
      EXPECT_EQ(env->Reads(".wrm"), 0) << "frames decoded again";
    } else {
      EXPECT_GT(env->Reads(".wrm"), 50) << "with no cache, frames must be read again";
    }
  }
}

TEST(SegmentFileCacheTest, AQueryOverColdSegmentsOpensEachArchiveOnce) {
  TempDir dir;
  auto env = std::make_shared<CountingEnv>();
  {
    auto store = std::move(Store::Open(dir.path(), StoreOptions(env))).value();
    ASSERT_NO_FATAL_FAILURE(AppendAndArchive(*store, 1, 300));
    ASSERT_NO_FATAL_FAILURE(AppendAndArchive(*store, 301, 600));
  }
  auto store = std::move(Store::Open(dir.path(), StoreOptions(env))).value();
  env->Reset();
  // user-3 is in every segment: each is looked into (summary, index, records).
  Result<std::unique_ptr<QueryCursor>> cursor = store->Query("actor:user-3", QueryOptions());
  ASSERT_TRUE(cursor.ok()) << cursor.status().ToString();
  std::vector<uint64_t> seqs;
  while ((*cursor)->Next()) seqs.push_back((*cursor)->record().seq);
  ASSERT_TRUE((*cursor)->status().ok()) << (*cursor)->status().ToString();
  std::vector<uint64_t> want;
  for (uint64_t n = 1; n <= 600; ++n) {
    if (TestEvent(n, 200).actor == "user-3") want.push_back(n);
  }
  EXPECT_EQ(seqs, want);
  EXPECT_EQ(env->listings, 1);
  EXPECT_EQ(env->Opens(".arc"), 2);
}

TEST(SegmentFileCacheTest, FindsAnArchiveWrittenSinceAndKeepsReadingOneDeleted) {
  TempDir dir;
  auto env = std::make_shared<CountingEnv>();
  auto store = std::move(Store::Open(dir.path(), StoreOptions(env))).value();
  ASSERT_NO_FATAL_FAILURE(AppendAndArchive(*store, 1, 300));
  ASSERT_EQ(Archives(dir.path()).size(), 1u);
  const tier::ArchiveRange older = Archives(dir.path())[0];
  ASSERT_LT(older.first, older.last);

  SegmentFileCache cache(*env, dir.path(), 1000, 1000, 1 << 20, /*map_hot=*/false);
  std::shared_ptr<tier::ArchiveFile> archive;
  size_t index = 0;
  ASSERT_TRUE(cache.OpenArchived(older.first, &archive, &index).ok());
  EXPECT_EQ(index, 0u);

  // Written after the cache listed the directory: listed again to find it.
  ASSERT_NO_FATAL_FAILURE(AppendAndArchive(*store, 301, 600));
  std::vector<tier::ArchiveRange> archives = Archives(dir.path());
  ASSERT_EQ(archives.size(), 2u);
  const tier::ArchiveRange newer = archives[0].first == older.first ? archives[1] : archives[0];
  env->Reset();
  Status opened = cache.OpenArchived(newer.last, &archive, &index);
  ASSERT_TRUE(opened.ok()) << opened.ToString();
  EXPECT_EQ(archive->segments()[index].number, newer.last);
  EXPECT_EQ(env->listings, 1);

  // Gone from the directory while open: still read (the store never asks
  // for an expired segment, a reader that started before may).
  ASSERT_TRUE(std::filesystem::remove(dir.Sub(tier::ArchiveFileName(older.first, older.last))));
  env->Reset();
  ASSERT_TRUE(cache.OpenArchived(older.last, &archive, &index).ok());
  EXPECT_EQ(archive->segments()[index].number, older.last);
  EXPECT_EQ(env->listings + env->Opens(".arc"), 0);
  std::unique_ptr<SegmentReader> reader;
  Status read = cache.OpenReader(older.last, archive->log_id(), &reader);
  EXPECT_TRUE(read.ok()) << read.ToString();

  // Not in any archive: kNotFound, after listing again.
  EXPECT_TRUE(cache.OpenArchived(newer.last + 1000, &archive, &index).IsNotFound());
}

}  // namespace
}  // namespace sealog
