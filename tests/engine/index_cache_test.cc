// What queries keep between them, and what bounds it: every index head is
// read and hashed once; decoded sections and indexes rebuilt from records
// stay up to Options::index_cache_bytes; index files hold no descriptor; closed segment
// files stay open up to Options::max_open_files, and never more than half
// the process's descriptor limit. Answers are the same whatever is kept.
#include "engine/index_cache.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

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

constexpr uint64_t kEvents = 1500;

Options SmallSegments(const std::shared_ptr<CountingEnv>& env) {
  Options options;
  options.env = env;
  options.create_if_missing = true;
  options.durability = Durability::kNone;
  options.config_toml = "[segments]\nsize_max = \"16KiB\"\n";
  return options;
}

// A store of kEvents events in sealed 16 KiB segments, none active.
std::unique_ptr<Store> Fill(const std::string& dir, const Options& options) {
  auto store = std::move(Store::Open(dir, options)).value();
  for (uint64_t n = 1; n <= kEvents; ++n) {
    TestEvent e(n, 200);
    EXPECT_TRUE(store->Append(e.event).ok());
  }
  EXPECT_TRUE(store->Roll().ok());
  return store;
}

size_t IndexFiles(const std::string& dir) {
  size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    n += entry.path().extension() == ".idx" ? 1 : 0;
  }
  return n;
}

// Seqs of the records matching `expression`, checking the query's status.
std::vector<uint64_t> Seqs(Store& store, const std::string& expression) {
  std::vector<uint64_t> seqs;
  auto cursor = std::move(store.Query(expression, QueryOptions())).value();
  while (cursor->Next()) seqs.push_back(cursor->record().seq);
  EXPECT_TRUE(cursor->status().ok()) << cursor->status().ToString();
  EXPECT_TRUE(cursor->stats().warnings.empty());
  return seqs;
}

// n % 7 == 3: in every segment, so every query below opens every index.
std::vector<uint64_t> User3() {
  std::vector<uint64_t> want;
  for (uint64_t n = 1; n <= kEvents; ++n) {
    if (n % 7 == 3) want.push_back(n);
  }
  return want;
}

TEST(IndexCacheTest, SweepsAgainReadingNoIndexAndHoldingNoDescriptor) {
  TempDir dir;
  auto env = std::make_shared<CountingEnv>();
  auto store = Fill(dir.path(), SmallSegments(env));
  const size_t segments = IndexFiles(dir.path());
  ASSERT_GT(segments, 20u);

  env->Reset();
  EXPECT_EQ(Seqs(*store, "actor:user-3"), User3());
  EXPECT_GE(env->Opens(".idx"), static_cast<int>(segments)) << "each index read once";
  EXPECT_EQ(env->OpenNow(".idx"), 0) << "index files keep no descriptor";
  const uint64_t held = store->Stats().index_cache_bytes;
  EXPECT_GT(held, 0u);

  env->Reset();
  EXPECT_EQ(Seqs(*store, "actor:user-3"), User3());
  EXPECT_EQ(env->Opens(".idx"), 0) << "the second sweep finds every section kept";
  EXPECT_EQ(env->Reads(".idx"), 0);
  EXPECT_EQ(env->Opens(".seg"), 0) << "and every segment file open";
  EXPECT_EQ(store->Stats().index_cache_bytes, held);
  EXPECT_EQ(store->Stats().segment_files_open, segments);
}

TEST(IndexCacheTest, ABudgetLetsSectionsGoAndKeepsTheHeads) {
  TempDir dir;
  auto env = std::make_shared<CountingEnv>();
  Options options = SmallSegments(env);
  options.index_cache_bytes = 16 << 10;  // the sections of a few segments
  auto store = Fill(dir.path(), options);
  const size_t segments = IndexFiles(dir.path());

  env->Reset();
  EXPECT_EQ(Seqs(*store, "actor:user-3"), User3());
  const int first_reads = env->Reads(".idx");
  // Within the budget, give or take the sections of the segment read last.
  const uint64_t held = store->Stats().index_cache_bytes;
  EXPECT_LE(held, options.index_cache_bytes + 8192) << held;

  env->Reset();
  EXPECT_EQ(Seqs(*store, "actor:user-3"), User3());
  // Not all fit: the sections of some segments are read again (how many
  // depends on whether what the last one loaded overran the budget), each
  // through an open of its own, but no head: those were two reads each
  // (fixed part, rest).
  EXPECT_GT(env->Reads(".idx"), 0);
  EXPECT_EQ(env->Reads(".idx"), env->Opens(".idx")) << "one open per section, no head";
  EXPECT_LE(env->Reads(".idx"), first_reads - 2 * static_cast<int>(segments));
  EXPECT_LE(store->Stats().index_cache_bytes, options.index_cache_bytes + 8192);
  EXPECT_EQ(env->OpenNow(".idx"), 0);
}

TEST(IndexCacheTest, NoBudgetKeepsNothingButAnswersTheSame) {
  TempDir dir;
  auto env = std::make_shared<CountingEnv>();
  Options options = SmallSegments(env);
  options.index_cache_bytes = 0;
  auto store = Fill(dir.path(), options);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(Seqs(*store, "actor:user-3"), User3());
    // At most the sections of the one segment read last stay charged.
    EXPECT_LE(store->Stats().index_cache_bytes, 8192u);
  }
}

// Removes every index file: each segment's index is then rebuilt from its
// records, which reads the whole segment. Returns the segments' bytes.
int64_t RemoveIndexFiles(const std::string& dir) {
  int64_t segment_bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".idx") std::filesystem::remove(entry.path());
    if (entry.path().extension() == ".seg") {
      segment_bytes += static_cast<int64_t>(entry.file_size());
    }
  }
  return segment_bytes;
}

// One record matches, in one segment; without index files every segment
// must be looked into, through its rebuilt index.
void FindOne(Store& store) {
  auto cursor = std::move(store.Query("resource:res/700", QueryOptions())).value();
  ASSERT_TRUE(cursor->Next()) << cursor->status().ToString();
  EXPECT_EQ(cursor->record().seq, 700u);
  EXPECT_FALSE(cursor->Next());
  EXPECT_TRUE(cursor->status().ok()) << cursor->status().ToString();
  EXPECT_FALSE(cursor->stats().warnings.empty()) << "a rebuilt index is always told";
}

TEST(IndexCacheTest, RebuiltIndexesAreKeptSoASweepAgainReadsOneRecord) {
  TempDir dir;
  auto env = std::make_shared<CountingEnv>();
  auto store = Fill(dir.path(), SmallSegments(env));
  const int64_t segment_bytes = RemoveIndexFiles(dir.path());

  env->Reset();
  FindOne(*store);
  EXPECT_GE(env->ReadBytes(".seg"), segment_bytes * 9 / 10) << "each segment read to index it";
  const uint64_t held = store->Stats().index_cache_bytes;
  EXPECT_GT(held, 0u);

  env->Reset();
  FindOne(*store);
  EXPECT_LT(env->ReadBytes(".seg"), 4096) << "no index rebuilt again: the one record read";
  EXPECT_GE(store->Stats().index_cache_bytes, held) << "measured again after its lookups";
}

TEST(IndexCacheTest, RebuiltIndexesStayWithinTheBudget) {
  // What every rebuilt index takes, kept with the default budget.
  TempDir all_dir;
  auto all_env = std::make_shared<CountingEnv>();
  auto all = Fill(all_dir.path(), SmallSegments(all_env));
  const size_t segments = IndexFiles(all_dir.path());
  RemoveIndexFiles(all_dir.path());
  FindOne(*all);
  FindOne(*all);  // measured after their lookups
  const uint64_t all_bytes = all->Stats().index_cache_bytes;
  const uint64_t one_max = 4 * all_bytes / segments;  // generous
  ASSERT_GT(all_bytes, 0u);

  for (uint64_t budget : {uint64_t{0}, all_bytes / 3}) {
    SCOPED_TRACE(budget);
    TempDir dir;
    auto env = std::make_shared<CountingEnv>();
    Options options = SmallSegments(env);
    options.index_cache_bytes = budget;
    auto store = Fill(dir.path(), options);
    const int64_t segment_bytes = RemoveIndexFiles(dir.path());
    int64_t read[2];
    for (int i = 0; i < 2; ++i) {
      env->Reset();
      FindOne(*store);
      read[i] = env->ReadBytes(".seg");
      // Within the budget, give or take the index used last.
      EXPECT_LE(store->Stats().index_cache_bytes, budget + one_max);
    }
    EXPECT_GE(read[0], segment_bytes * 9 / 10);
    if (budget == 0) {
      EXPECT_GE(read[1], segment_bytes * 9 / 10) << "nothing kept";
    } else {
      // A third of the indexes fit: the first sweep keeps its first third
      // for the second, which reads those segments no more.
      EXPECT_LE(read[1], read[0] * 8 / 10);
      EXPECT_GE(read[1], read[0] * 5 / 10);
    }
  }
}

TEST(IndexCacheTest, SegmentFilesOpenStayWithinMaxOpenFiles) {
  TempDir dir;
  auto env = std::make_shared<CountingEnv>();
  Options options = SmallSegments(env);
  options.max_open_files = 5;
  auto store = Fill(dir.path(), options);
  for (int i = 0; i < 2; ++i) {
    env->Reset();
    EXPECT_EQ(Seqs(*store, "actor:user-3"), User3());
    EXPECT_EQ(store->Stats().segment_files_open, 5u);
    EXPECT_GT(env->Opens(".seg"), 5) << "a sweep of more segments opens them again";
  }
}

// Mapped files hold no descriptor: as many stay mapped as max_mapped_files
// lets, however few descriptors max_open_files allows, and a second sweep
// maps nothing again; past max_mapped_files they are unmapped in turn.
TEST(IndexCacheTest, MappedSegmentFilesStayWithinMaxMappedFilesNotMaxOpenFiles) {
  for (const uint64_t mapped_max : {uint64_t{1000}, uint64_t{5}}) {
    SCOPED_TRACE(mapped_max);
    TempDir dir;
    auto env = std::make_shared<CountingEnv>();
    env->map = true;
    Options options = SmallSegments(env);
    options.max_open_files = 2;
    options.max_mapped_files = mapped_max;
    auto store = Fill(dir.path(), options);
    const uint64_t closed = store->Stats().segments.size() - 1;  // all but the active one
    ASSERT_GT(closed, 5u);
    for (int i = 0; i < 2; ++i) {
      env->Reset();
      EXPECT_EQ(Seqs(*store, "actor:user-3"), User3());
      const StoreStats stats = store->Stats();
      EXPECT_EQ(stats.segment_files_mapped, std::min(closed, mapped_max));
      EXPECT_EQ(stats.segment_files_open, stats.segment_files_mapped);
      if (mapped_max >= closed) {
        EXPECT_EQ(env->Opens(".seg"), i == 0 ? static_cast<int>(closed) : 0);
      } else {
        EXPECT_GT(env->Opens(".seg"), 5) << "a sweep of more segments maps them again";
      }
    }
  }
}

TEST(IndexCacheTest, SegmentFilesOpenStayWithinHalfTheDescriptorLimit) {
  TempDir dir;
  auto env = std::make_shared<CountingEnv>();
  env->open_files_max = 16;
  auto store = Fill(dir.path(), SmallSegments(env));  // max_open_files 1000
  EXPECT_EQ(Seqs(*store, "actor:user-3"), User3());
  EXPECT_EQ(store->Stats().segment_files_open, 8u);
}

TEST(IndexCacheTest, AnIndexFileGoneWhileKeptIsTheColdTiersAfterAMove) {
  TempDir dir;
  auto env = std::make_shared<CountingEnv>();
  Options options = SmallSegments(env);
  options.index_cache_bytes = 0;  // sections read again by every query
  auto store = Fill(dir.path(), options);
  EXPECT_EQ(Seqs(*store, "actor:user-3"), User3());  // every head kept
  // Opened before the move: its view still has every segment hot.
  auto before = std::move(store->Query("actor:user-3", QueryOptions())).value();

  RetentionOptions retention;
  retention.now_ns = io::NewPosixEnv()->NowNanos() + 100 * 86'400'000'000'000;  // 90 days: cold
  Result<RetentionReport> report = store->RunRetention(retention);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(IndexFiles(dir.path()), 0u);

  std::vector<uint64_t> seqs;
  while (before->Next()) seqs.push_back(before->record().seq);
  EXPECT_TRUE(before->status().ok()) << before->status().ToString();
  EXPECT_TRUE(before->stats().warnings.empty()) << before->stats().warnings[0];
  EXPECT_EQ(seqs, User3());
  EXPECT_EQ(Seqs(*store, "actor:user-3"), User3());
}

}  // namespace
}  // namespace sealog
