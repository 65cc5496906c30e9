// Differential test of the query engine: thousands of generated queries
// (every operator, nesting, empty results, time and seq edges, event.PATH),
// each answered by Store::Query and Store::Count and compared with a
// brute-force scan of the same records through query::Matcher, the
// definition of what matches.
//
// Stores: the reference workload (WORKLOAD.md) in many small sealed segments
// with an active tail, asked while the writer runs and again read-only after
// reopening, with one index file deleted and one damaged (the engine must
// rebuild those and say so); and every real dataset with its natural mapping.
//
// SEALOG_QUERY_DIFF_QUERIES sets how many queries the workload store gets
// in all (default 10,000, in kShards tests of their own seed, so that ctest
// runs them side by side); SEALOG_QUERY_DIFF_EVENTS its size (default
// 100,000: WORKLOAD.md's small scale).
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "bench/split_mix64.h"
#include "bench/workload.h"
#include "index/index_file.h"
#include "index/query.h"
#include "sealog/ingest.h"
#include "engine/io/env.h"
#include "sealog/query.h"
#include "sealog/retention.h"
#include "sealog/verify.h"
#include "sealog/store.h"
#include "tests/engine/test_util.h"
#include "tests/query/query_generator.h"

namespace sealog::testing {
namespace {

uint64_t EnvOr(const char* name, uint64_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::strtoull(value, nullptr, 10) : fallback;
}

// A fixed "now" so that now-relative queries are reproducible.
constexpr int64_t kNowNs = 1767225600LL * 1000000000LL + 3600LL * 1000000000LL;

Options StoreOptions(size_t segment_bytes) {
  Options options;
  options.create_if_missing = true;
  options.durability = Durability::kNone;
  options.segment_size_max = segment_bytes;
  options.segment_age_max_ms = 0;
  options.root_key_seed = std::string(32, 'k');
  return options;
}

std::vector<Record> AllRecords(Store& store) {
  std::vector<Record> records;
  const StoreStats stats = store.Stats();
  std::unique_ptr<Iterator> it = store.Scan(stats.first_seq, stats.last_seq);
  while (it->Next()) records.push_back(it->record());
  EXPECT_TRUE(it->status().ok()) << it->status().ToString();
  return records;
}

class Oracle {
 public:
  explicit Oracle(const std::vector<Record>& records) : records_(records) {}
  std::vector<uint64_t> Matches(const std::string& text) {
    Result<query::Node> tree = query::Parse(text, kNowNs);
    EXPECT_TRUE(tree.ok()) << text << ": " << tree.status().ToString();
    std::vector<uint64_t> seqs;
    if (!tree.ok()) return seqs;
    for (const Record& record : records_) {
      if (matcher_.Matches(*tree, record)) seqs.push_back(record.seq);
    }
    return seqs;
  }

 private:
  const std::vector<Record>& records_;
  query::Matcher matcher_;
};

std::vector<uint64_t> RunQuery(Store& store, const std::string& text, const QueryOptions& options,
                          QueryStats* stats = nullptr) {
  std::vector<uint64_t> seqs;
  Result<std::unique_ptr<QueryCursor>> cursor = store.Query(text, options);
  EXPECT_TRUE(cursor.ok()) << text << ": " << cursor.status().ToString();
  if (!cursor.ok()) return seqs;
  while ((*cursor)->Next()) seqs.push_back((*cursor)->record().seq);
  EXPECT_TRUE((*cursor)->status().ok()) << text << ": " << (*cursor)->status().ToString();
  if (stats != nullptr) *stats = (*cursor)->stats();
  return seqs;
}

// Compares one query every way the API can ask it.
// Returns how many records match.
size_t Compare(Store& store, Oracle& oracle, const std::string& text, bench::SplitMix64& random) {
  SCOPED_TRACE(text);
  const std::vector<uint64_t> expected = oracle.Matches(text);
  QueryOptions options;
  options.now_ns = kNowNs;
  EXPECT_EQ(RunQuery(store, text, options), expected);
  Result<uint64_t> count = store.Count(text, options);
  EXPECT_TRUE(count.ok()) << count.status().ToString();
  if (count.ok()) {
    EXPECT_EQ(*count, expected.size());
  }
  // Paging and order, on a sample.
  if (random.Next() % 4 == 0) {
    options.reverse = random.Next() % 2 == 0;
    options.limit = 1 + random.Next() % 50;
    std::vector<uint64_t> ordered = expected;
    if (options.reverse) std::reverse(ordered.begin(), ordered.end());
    size_t start = 0;
    if (!ordered.empty() && random.Next() % 2 == 0) {
      start = random.Next() % ordered.size();
      options.after = ordered[start];
      ++start;
    }
    const size_t end = std::min(ordered.size(), start + options.limit);
    const std::vector<uint64_t> page(ordered.begin() + start, ordered.begin() + end);
    EXPECT_EQ(RunQuery(store, text, options), page) << "after " << options.after << " limit "
                                               << options.limit << " reverse " << options.reverse;
    count = store.Count(text, options);
    EXPECT_TRUE(count.ok());
    if (count.ok()) {
      EXPECT_EQ(*count, page.size());
    }
  }
  return expected.size();
}

void RunQueries(Store& store, const std::vector<Record>& records, uint64_t seed, uint64_t count) {
  Oracle oracle(records);
  QueryGenerator generator(records, seed);
  bench::SplitMix64 random(seed);
  uint64_t nonempty = 0;
  for (uint64_t i = 0; i < count; ++i) {
    const std::string text = generator.Next();
    nonempty += Compare(store, oracle, text, random) > 0 ? 1 : 0;
    if (::testing::Test::HasFailure()) return;  // one query is enough to debug
  }
  // The generator must ask questions with answers, and some without.
  EXPECT_GT(nonempty, count / 4);
  EXPECT_LT(nonempty, count);
}

constexpr uint64_t kShards = 5;

class WorkloadDifferentialTest : public ::testing::TestWithParam<uint64_t> {};

TEST_P(WorkloadDifferentialTest, WhileWritingAndAfterReopening) {
  const uint64_t shard = GetParam();
  const uint64_t events = EnvOr("SEALOG_QUERY_DIFF_EVENTS", 100000);
  const uint64_t queries = EnvOr("SEALOG_QUERY_DIFF_QUERIES", 10000) / kShards;
  TempDir dir;
  const std::string path = dir.Sub("store");
  std::vector<Record> records;
  {
    Result<std::unique_ptr<Store>> store = Store::Open(path, StoreOptions(1 << 20));
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    bench::WorkloadGenerator workload;
    bench::WorkloadFields fields;
    std::string line;
    for (uint64_t i = 0; i < events; ++i) {
      workload.Next(&line, &fields);
      ASSERT_TRUE((*store)->Append(fields.ToEvent(line)).ok());
    }
    ASSERT_TRUE((*store)->Flush().ok());
    records = AllRecords(**store);
    ASSERT_EQ(records.size(), events);
    ASSERT_GT((*store)->Stats().segments.size(), 10u);
    // While the writer runs: sealed segments from their index files, the
    // active one from its in-memory index.
    RunQueries(**store, records, 2 * shard + 1, queries / 2);
    if (HasFatalFailure()) return;
  }
  // A missing and a damaged index: rebuilt from the records, with a warning.
  ASSERT_TRUE(std::filesystem::remove(path + "/" + index::IndexFileName(2)));
  {
    std::fstream damaged(path + "/" + index::IndexFileName(3),
                         std::ios::in | std::ios::out | std::ios::binary);
    damaged.seekp(200);
    damaged.put('\x5a');
  }
  Options read_only = StoreOptions(1 << 20);
  read_only.read_only = true;
  Result<std::unique_ptr<Store>> store = Store::Open(path, read_only);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  QueryOptions options;
  QueryStats stats;
  EXPECT_EQ(RunQuery(**store, "*", options, &stats).size(), events);
  EXPECT_EQ(stats.indexes_rebuilt, 2u);
  ASSERT_EQ(stats.warnings.size(), 2u);
  EXPECT_NE(stats.warnings[0].find("00000002.idx is missing"), std::string::npos)
      << stats.warnings[0];
  RunQueries(**store, records, 2 * shard + 2, queries - queries / 2);
}

INSTANTIATE_TEST_SUITE_P(Shards, WorkloadDifferentialTest, ::testing::Range<uint64_t>(0, kShards));

// The same questions once retention has moved sealed segments through every
// tier: the oldest into a cold archive, the next ones warm, then hot sealed
// segments and an active tail. The records, the answers and verify's
// findings must not change.
TEST(QueryDifferentialTest, AcrossTiers) {
  const uint64_t events = EnvOr("SEALOG_QUERY_DIFF_EVENTS", 100000) / 4;
  const uint64_t queries = EnvOr("SEALOG_QUERY_DIFF_QUERIES", 10000) / kShards;
  constexpr int64_t kDayNs = 86'400'000'000'000;
  TempDir dir;
  const std::string path = dir.Sub("store");
  Result<std::unique_ptr<Store>> store = Store::Open(path, StoreOptions(256 << 10));
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  bench::WorkloadGenerator workload;
  bench::WorkloadFields fields;
  std::vector<std::string> lines;
  const auto append = [&](uint64_t n) {
    for (uint64_t i = 0; i < n; ++i) {
      lines.emplace_back();
      workload.Next(&lines.back(), &fields);
      ASSERT_TRUE((*store)->Append(fields.ToEvent(lines.back())).ok());
    }
  };
  const auto move = [&](int64_t days, Tier to) {
    RetentionOptions retention;
    retention.now_ns = io::NewPosixEnv()->NowNanos() + days * kDayNs;
    Result<RetentionReport> moved = (*store)->RunRetention(retention);
    ASSERT_TRUE(moved.ok()) << moved.status().ToString();
    ASSERT_GT(moved->steps.size(), 3u);
    for (const RetentionStep& step : moved->steps) ASSERT_EQ(step.to, to);
  };
  ASSERT_NO_FATAL_FAILURE(append(events * 2 / 5));
  ASSERT_TRUE((*store)->Roll().ok());
  Result<VerifyReport> hot_verify = Verify(path, VerifyOptions());
  ASSERT_TRUE(hot_verify.ok() && hot_verify->ok());
  EXPECT_EQ(hot_verify->records_verified, lines.size());
  ASSERT_NO_FATAL_FAILURE(move(100, Tier::kCold));  // past cold_after: packed into an archive
  ASSERT_NO_FATAL_FAILURE(append(events * 2 / 5));
  ASSERT_TRUE((*store)->Roll().ok());
  ASSERT_NO_FATAL_FAILURE(move(8, Tier::kWarm));  // the newer seals are a week old
  ASSERT_NO_FATAL_FAILURE(append(events - lines.size()));  // hot segments, then the active tail
  ASSERT_TRUE((*store)->Flush().ok());

  const std::vector<Record> records = AllRecords(**store);
  ASSERT_EQ(records.size(), events);
  for (size_t i = 0; i < records.size(); ++i) {
    ASSERT_EQ(records[i].raw, lines[i]) << "seq " << records[i].seq;
  }
  std::map<Tier, size_t> tiers;
  for (const SegmentInfo& segment : (*store)->Stats().segments) ++tiers[segment.tier];
  ASSERT_GT(tiers[Tier::kCold], 3u);
  ASSERT_GT(tiers[Tier::kWarm], 3u);
  ASSERT_GT(tiers[Tier::kHot], 1u);
  RunQueries(**store, records, 99, queries);
  if (HasFatalFailure()) return;
  ASSERT_TRUE((*store)->Roll().ok());
  store->reset();
  Result<VerifyReport> tiered_verify = Verify(path, VerifyOptions());
  ASSERT_TRUE(tiered_verify.ok()) << tiered_verify.status().ToString();
  EXPECT_TRUE(tiered_verify->ok());
  EXPECT_TRUE(tiered_verify->problems.empty());
  EXPECT_EQ(tiered_verify->records_verified, events);
}

// Hundreds of small segments, so that queries pass whole runs of them on
// their summaries (engine/summary_table.h), forward and reverse, paged; and
// the oldest deleted by retention, so that runs hold expired segments next
// to live ones. The summaries are loaded before the deletion, as in a store
// that was queried and then kept open.
TEST(QueryDifferentialTest, ManySmallSegmentsSomeExpired) {
  const uint64_t queries = EnvOr("SEALOG_QUERY_DIFF_QUERIES", 10000) / 10;
  constexpr int64_t kDayNs = 86'400'000'000'000;
  TempDir dir;
  Options options = StoreOptions(16 << 10);
  options.config_toml = "[segments]\nsize_max = \"16KiB\"\n[retention]\ndelete_after = \"100d\"\n";
  Result<std::unique_ptr<Store>> store = Store::Open(dir.Sub("store"), options);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  bench::WorkloadGenerator workload;
  bench::WorkloadFields fields;
  std::string line;
  const auto append = [&](uint64_t n) {
    for (uint64_t i = 0; i < n; ++i) {
      workload.Next(&line, &fields);
      ASSERT_TRUE((*store)->Append(fields.ToEvent(line)).ok());
    }
  };
  ASSERT_NO_FATAL_FAILURE(append(3000));
  ASSERT_TRUE((*store)->Roll().ok());
  RunQueries(**store, AllRecords(**store), 41, queries / 4);
  if (HasFatalFailure()) return;

  RetentionOptions retention;
  retention.now_ns = io::NewPosixEnv()->NowNanos() + 101 * kDayNs;
  Result<RetentionReport> deleted = (*store)->RunRetention(retention);
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  ASSERT_GT(deleted->steps.size(), 40u);
  for (const RetentionStep& step : deleted->steps) ASSERT_EQ(step.to, Tier::kExpired);
  ASSERT_NO_FATAL_FAILURE(append(12000));
  ASSERT_TRUE((*store)->Flush().ok());

  const std::vector<Record> records = AllRecords(**store);
  ASSERT_EQ(records.size(), 12000u + 1) << "the events appended since and the deletion's receipt";
  size_t closed = 0;
  for (const SegmentInfo& segment : (*store)->Stats().segments)
    closed += segment.tier != Tier::kExpired;
  ASSERT_GT(closed, 4 * 64u) << "several runs of live segments";
  RunQueries(**store, records, 42, queries - queries / 4);
}

// Every real dataset, with the mapping that takes it (tests/tools/round_trip_test.cc).
TEST(QueryDifferentialTest, EveryDataset) {
  const std::filesystem::path root = std::filesystem::path(SEALOG_TEST_DATA_DIR) / "datasets";
  size_t datasets = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".jsonl") continue;
    const std::string name = entry.path().parent_path().filename().string();
    SCOPED_TRACE(entry.path().string());
    FieldMapping mapping = FieldMapping::Default();
    if (name == "okta") {
      ASSERT_TRUE(mapping.Override("resource=target.0.alternateId").ok());
    }
    EventParser parser(mapping);
    TempDir dir;
    Result<std::unique_ptr<Store>> store = Store::Open(dir.Sub("store"), StoreOptions(64 << 10));
    ASSERT_TRUE(store.ok());
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      if (IsBlankLine(line)) continue;
      Event event;
      ASSERT_TRUE(parser.Parse(line, &event).ok()) << line.substr(0, 200);
      ASSERT_TRUE((*store)->Append(event).ok());
    }
    ASSERT_TRUE((*store)->Flush().ok());
    const std::vector<Record> records = AllRecords(**store);
    RunQueries(**store, records, 7 + datasets, 300);
    if (HasFatalFailure()) return;
    ++datasets;
  }
  EXPECT_GE(datasets, 9u);
}

}  // namespace
}  // namespace sealog::testing
