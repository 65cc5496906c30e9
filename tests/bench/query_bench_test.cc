// The query benchmark at a tiny scale: its report is well formed, and sealog,
// SQLite and (when compiled in) RocksDB return the same records for every
// query (a correctness cross-check of the engine's query path, and of the
// peers'; timings are never asserted).
#include "bench/query_bench.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace sealog::bench {
namespace {

QueryBenchOptions TinyOptions() {
  QueryBenchOptions options;
  options.events = 2'000;
  options.queries = 5;
  options.segments_few = 2;
  options.segments_many = 20;
  options.dir = ::testing::TempDir();
  options.progress = false;
  return options;
}

class QueryBenchTest : public ::testing::Test {
 protected:
  // One run for all the tests: loading the engines is the slow part.
  static void SetUpTestSuite() {
    Result<QueryBenchReport> result = MeasureQueries(TinyOptions());
    if (result.ok()) {
      report_ = new QueryBenchReport(std::move(result).value());
    } else {
      error_ = new std::string(result.status().ToString());
    }
  }
  static void TearDownTestSuite() {
    delete report_;
    delete error_;
    report_ = nullptr;
    error_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(report_, nullptr) << *error_; }

  static QueryBenchReport* report_;
  static std::string* error_;
};

QueryBenchReport* QueryBenchTest::report_ = nullptr;
std::string* QueryBenchTest::error_ = nullptr;

TEST_F(QueryBenchTest, RocksdbIsMeasuredWhenCompiledIn) {
#if SEALOG_BENCH_ROCKSDB
  EXPECT_TRUE(RocksdbCompiledIn());
  EXPECT_TRUE(report_->rocksdb);
#else
  EXPECT_FALSE(RocksdbCompiledIn());
  EXPECT_FALSE(report_->rocksdb);
#endif
  EXPECT_EQ(report_->engine_count(), report_->rocksdb ? 4u : 3u);
}

TEST_F(QueryBenchTest, EveryEngineReturnsTheSameRecordsForEveryQuery) {
  const QueryBenchOptions options = TinyOptions();
  const EventSet set(options.events, options.seed);
  const std::vector<QuerySpec> specs = DrawQueries(set, options);
  ASSERT_EQ(report_->counts.size(), specs.size());
  for (size_t i = 0; i < specs.size(); ++i) {
    const auto& counts = report_->counts[i];
    EXPECT_EQ(counts[0], counts[2]) << "few segments: " << SealogExpression(specs[i]);
    EXPECT_EQ(counts[1], counts[2]) << "many segments: " << SealogExpression(specs[i]);
    if (report_->rocksdb) {
      EXPECT_EQ(counts[kEngineRocksdb], counts[2]) << "rocksdb: " << SealogExpression(specs[i]);
    } else {
      EXPECT_EQ(counts[kEngineRocksdb], 0u);
    }
  }
  // Same seqs, bytes and content, not only the same number of records.
  for (const QueryMismatch& m : report_->mismatches) {
    ADD_FAILURE() << m.expression << " (" << m.engine << ", " << m.segments
                  << " segments): " << m.rows.records << " records, seq sum " << m.rows.seq_sum
                  << "; sqlite " << m.sqlite.records << ", seq sum " << m.sqlite.seq_sum;
  }
}

TEST_F(QueryBenchTest, EveryQueryDrawnFromAnEventMatchesIt) {
  // Actors and resources are those of drawn events, and the actor AND time
  // windows hold the event the actor came from: at least one record each.
  for (size_t i = 0; i < report_->counts.size(); ++i) {
    const size_t kind = i / static_cast<size_t>(report_->queries);
    if (kQueryKinds[kind] != QueryKind::kTime) {
      EXPECT_GE(report_->counts[i][2], 1u) << "query " << i;
    }
  }
}

TEST_F(QueryBenchTest, FiguresCoverEveryKindOnEveryEngine) {
  const size_t engines = report_->engine_count();
  ASSERT_EQ(report_->figures.size(), engines * kQueryKindCount);
  EXPECT_EQ(report_->events, 2'000u);
  const char* names[] = {"sealog", "sealog", "sqlite", "rocksdb"};
  for (size_t engine = 0; engine < engines; ++engine) {
    for (size_t k = 0; k < kQueryKindCount; ++k) {
      const QueryFigure& f = report_->figures[engine * kQueryKindCount + k];
      EXPECT_EQ(f.engine, names[engine]);
      EXPECT_EQ(f.kind, kQueryKinds[k]);
      EXPECT_EQ(f.queries, 5);
      EXPECT_LE(f.p50_us, f.p99_us);
      EXPECT_GT(f.seconds, 0);
      uint64_t records = 0;
      for (size_t q = 0; q < 5; ++q) records += report_->counts[k * 5 + q][engine];
      EXPECT_EQ(f.records, records);
      if (engine < 2) {
        EXPECT_GE(f.records_read, f.records);  // every returned record was read
        EXPECT_EQ(f.indexes_rebuilt, 0u);      // the index files were used
      }
    }
  }
  // About 2 and 20 segments: the sizes come from estimates.
  const uint64_t few = report_->figures[0].segments;
  const uint64_t many = report_->figures[kQueryKindCount].segments;
  EXPECT_GE(few, 2u);
  EXPECT_LE(few, 4u);
  EXPECT_GE(many, 15u);
  EXPECT_LE(many, 25u);
}

TEST_F(QueryBenchTest, SpaceCountsSegmentsIndexesAndTheDatabase) {
  ASSERT_EQ(report_->space.size(), report_->engine_count());
  for (size_t i = 0; i < 2; ++i) {
    const SpaceFigure& space = report_->space[i];
    EXPECT_EQ(space.engine, "sealog");
    EXPECT_GT(space.data_bytes, report_->json_bytes);  // the raw lines are in the segments
    EXPECT_GT(space.index_bytes, 0u);
    EXPECT_GT(space.other_bytes, 0u);  // manifest, seals
  }
  EXPECT_EQ(report_->space[2].engine, "sqlite");
  EXPECT_GT(report_->space[2].data_bytes, report_->json_bytes);
  ASSERT_EQ(report_->sqlite_plans.size(), kQueryKindCount);
  EXPECT_NE(report_->sqlite_plans[0].find("events_actor"), std::string::npos)
      << report_->sqlite_plans[0];
  if (!report_->rocksdb) return;
  const SpaceFigure& rocksdb = report_->space[kEngineRocksdb];
  EXPECT_EQ(rocksdb.engine, "rocksdb");
  EXPECT_GT(rocksdb.data_bytes, 0u);  // SST files: the blocks are compressed, so no JSON bound
  EXPECT_GT(rocksdb.index_bytes, 0u);
  EXPECT_LT(rocksdb.index_bytes, rocksdb.data_bytes);  // the records are in the SSTs too
  EXPECT_GT(rocksdb.other_bytes, 0u);                  // MANIFEST, OPTIONS
  EXPECT_GE(report_->rocksdb_sst_files, 1u);
  ASSERT_EQ(report_->rocksdb_plans.size(), kQueryKindCount);
  EXPECT_NE(report_->rocksdb_plans[0].find("MultiGet"), std::string::npos)
      << report_->rocksdb_plans[0];
}

TEST_F(QueryBenchTest, PrintsTablesAndOneJsonLinePerFigure) {
  char* buffer = nullptr;
  size_t size = 0;
  std::FILE* out = open_memstream(&buffer, &size);
  ASSERT_NE(out, nullptr);
  ::testing::internal::CaptureStdout();
  PrintQueryReport(*report_, /*json=*/true, out);
  std::fflush(stdout);
  const std::string json = ::testing::internal::GetCapturedStdout();
  std::fclose(out);
  const std::string table(buffer, size);
  std::free(buffer);

  for (const char* text : {"actor_time", "sqlite plans", "index/data", "p99 many"}) {
    EXPECT_NE(table.find(text), std::string::npos) << text << "\n" << table;
  }
  // RocksDB's rows, ratios and reads, or the notice that it is not there.
  for (const char* text : report_->rocksdb
                              ? std::vector<const char*>{"rocksdb reads", "p99 xRDB", "\nrocksdb "}
                              : std::vector<const char*>{"rocksdb: not compiled in"}) {
    EXPECT_NE(table.find(text), std::string::npos) << text << "\n" << table;
  }
  std::istringstream lines(json);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    ++count;
    EXPECT_EQ(line.rfind(R"({"bench":"query",)", 0), 0u) << line;
    EXPECT_EQ(line.back(), '}') << line;
  }
  // Queries, space, mismatches.
  const int engines = static_cast<int>(report_->engine_count());
  EXPECT_EQ(count, engines * static_cast<int>(kQueryKindCount) + engines + 1);
}

TEST(DrawQueriesTest, DeterministicAndInTheLanguage) {
  QueryBenchOptions options = TinyOptions();
  const EventSet set(options.events, options.seed);
  const std::vector<QuerySpec> a = DrawQueries(set, options);
  const std::vector<QuerySpec> b = DrawQueries(set, options);
  ASSERT_EQ(a.size(), 4u * 5u);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(SealogExpression(a[i]), SealogExpression(b[i]));
  }
  EXPECT_EQ(SealogExpression(a[0]).rfind("actor:", 0), 0u);
  EXPECT_EQ(SealogExpression(a[5]).rfind("resource:res/", 0), 0u);
  EXPECT_EQ(SealogExpression(a[10]).rfind("time:[20", 0), 0u);
  EXPECT_NE(SealogExpression(a[15]).find(" AND time:["), std::string::npos);
  // More queries of one kind leave the first ones of every kind as they were.
  options.queries = 6;
  const std::vector<QuerySpec> c = DrawQueries(set, options);
  EXPECT_EQ(SealogExpression(c[6]), SealogExpression(a[5]));
  EXPECT_EQ(SealogExpression(c[18]), SealogExpression(a[15]));
}

}  // namespace
}  // namespace sealog::bench
