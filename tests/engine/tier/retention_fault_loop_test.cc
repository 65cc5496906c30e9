// The I/O error loop of tests/engine/fault_loop_test.cc, over tier moves: a
// store of sealed segments runs retention (every segment moves hot → warm,
// hot → cold or warm → cold), with its Nth mutating operation failing, for
// every N, once or forever, with EIO, ENOSPC or a torn write. Then the power
// goes (unsynced data dropped, or surviving sector by sector) and a healthy
// reopen must show:
//   1. the store opens, and recovery leaves each closed segment in exactly
//      one place (N.seg when the MANIFEST says hot, N.wrm when warm, an
//      archive when cold, and then no .seg, .wrm or .idx of it), and no
//      archive the MANIFEST does not name;
//   2. every record 1..P readable exactly once, each the event appended, and
//      no acknowledged one lost;
//   3. retention run again finishes the job, and verify finds nothing wrong.
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <optional>

#include "engine/io/fault_env.h"
#include "engine/segment.h"
#include "engine/tier/archive_file.h"
#include "engine/tier/warm_file.h"
#include "index/index_format.h"
#include "sealog/retention.h"
#include "sealog/store.h"
#include "sealog/verify.h"
#include "tests/engine/test_util.h"

namespace sealog {
namespace {

using io::Fault;
using io::FaultEnv;
using testing::TestEvent;

constexpr char kDir[] = "/store";
constexpr int64_t kStartNs = 1'790'000'000'000'000'000;  // 2026-09
constexpr int64_t kDayNs = 86'400'000'000'000;
constexpr uint64_t kBuilt = 150;  // records in the store before retention

Options ScenarioOptions(const std::shared_ptr<FaultEnv>& env) {
  Options options;
  options.env = env;
  options.create_if_missing = true;
  options.segment_size_max = 4096;
  options.segment_age_max_ms = 0;
  options.preallocate_step = 8192;
  return options;
}

// One move under test: where the segments are before it (after `setup_days`
// of retention without faults, or hot when 0), and where `due_days` after
// the store was built sends them (the default policy: warm after 7 days,
// cold after 90).
struct Move {
  const char* name;
  int64_t setup_days;
  int64_t due_days;
  Tier to;
};
constexpr Move kMoves[] = {
    {"hot to warm", 0, 8, Tier::kWarm},
    {"hot to cold", 0, 100, Tier::kCold},
    {"warm to cold", 8, 100, Tier::kCold},
};

RetentionOptions DueAfter(int64_t days) {
  RetentionOptions options;
  options.now_ns = kStartNs + days * kDayNs;
  return options;
}

// A store of sealed segments and an empty active one, no faults.
void Build(const std::shared_ptr<FaultEnv>& env, const Move& move) {
  env->SetNow(kStartNs);
  Result<std::unique_ptr<Store>> store = Store::Open(kDir, ScenarioOptions(env));
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  for (uint64_t n = 1; n <= kBuilt; ++n) {
    TestEvent e(n, 40);
    ASSERT_TRUE((*store)->Append(e.event).ok());
  }
  ASSERT_TRUE((*store)->Roll().ok());
  ASSERT_GE((*store)->Stats().segments.size(), 5u);
  if (move.setup_days > 0) {
    ASSERT_TRUE((*store)->RunRetention(DueAfter(move.setup_days)).ok());
  }
}

// Retention, then a few appends: returns the highest seq acknowledged.
uint64_t RunScenario(const std::shared_ptr<FaultEnv>& env, const Move& move) {
  uint64_t acked = kBuilt;
  Result<std::unique_ptr<Store>> opened = Store::Open(kDir, ScenarioOptions(env));
  if (!opened.ok()) return acked;
  Store& store = **opened;
  if (!store.RunRetention(DueAfter(move.due_days)).ok()) return acked;
  for (uint64_t n = kBuilt + 1; n <= kBuilt + 10; ++n) {
    TestEvent e(n, 40);
    if (!store.Append(e.event).ok()) return acked;
    acked = n;
  }
  return acked;
}

// The archive holding segment `number`, if any, by name.
std::optional<tier::ArchiveRange> ArchiveOf(FaultEnv& env, uint64_t number) {
  std::vector<std::string> names;
  EXPECT_TRUE(env.GetChildren(kDir, &names).ok());
  for (const std::string& name : names) {
    std::optional<tier::ArchiveRange> range = tier::ParseArchiveFileName(name);
    if (range && range->first <= number && number <= range->last) return range;
  }
  return std::nullopt;
}

void CheckOnePlace(FaultEnv& env, Store& store, const std::string& context) {
  const std::string dir = std::string(kDir) + "/";
  for (const SegmentInfo& segment : store.Stats().segments) {
    if (segment.active) continue;
    const bool hot = env.FileExists(dir + SegmentFileName(segment.number));
    const bool warm = env.FileExists(dir + tier::WarmFileName(segment.number));
    const bool indexed = env.FileExists(dir + index::IndexFileName(segment.number));
    const bool cold = ArchiveOf(env, segment.number).has_value();
    bool one_place = false;
    switch (segment.tier) {
      case Tier::kHot: one_place = hot && !warm && !cold; break;
      case Tier::kWarm: one_place = warm && !hot && !cold; break;
      case Tier::kCold: one_place = cold && !hot && !warm && !indexed; break;
      default: break;
    }
    ASSERT_TRUE(one_place) << context << ": segment " << segment.number << " is "
                           << TierName(segment.tier) << " with .seg " << hot << ", .wrm " << warm
                           << ", .idx " << indexed << ", archive " << cold;
  }
  std::vector<std::string> names;
  ASSERT_TRUE(env.GetChildren(kDir, &names).ok());
  for (const std::string& name : names) {
    ASSERT_FALSE(name.ends_with(".tmp")) << context << ": " << name << " left behind";
  }
}

void CheckAfterCrash(const std::shared_ptr<FaultEnv>& env, const Move& move, uint64_t acked,
                     const std::string& context) {
  Options options = ScenarioOptions(env);
  uint64_t present = 0;
  {
    Result<std::unique_ptr<Store>> opened = Store::Open(kDir, options);
    ASSERT_TRUE(opened.ok()) << context << ": reopen failed: " << opened.status().ToString();
    Store& store = **opened;
    ASSERT_NO_FATAL_FAILURE(CheckOnePlace(*env, store, context));
    std::unique_ptr<Iterator> it = store.Scan(1, UINT64_MAX);
    while (it->Next()) {
      ++present;
      ASSERT_EQ(it->record().seq, present) << context;
      ASSERT_EQ(it->record().raw, TestEvent(present, 40).raw) << context;
    }
    ASSERT_TRUE(it->status().ok()) << context << ": " << it->status().ToString();
    ASSERT_GE(present, acked) << context << ": acknowledged records lost";
    Result<RetentionReport> finish = store.RunRetention(DueAfter(move.due_days));
    ASSERT_TRUE(finish.ok()) << context << ": " << finish.status().ToString();
    ASSERT_TRUE(store.Roll().ok()) << context;
    for (const SegmentInfo& segment : store.Stats().segments) {
      if (segment.active || segment.number == store.Stats().segments.size() - 1) continue;
      ASSERT_EQ(segment.tier, move.to) << context << ": segment " << segment.number;
    }
    ASSERT_NO_FATAL_FAILURE(CheckOnePlace(*env, store, context + ", after retention again"));
  }
  VerifyOptions verify;
  verify.env = env;
  Result<VerifyReport> report = Verify(kDir, verify);
  ASSERT_TRUE(report.ok()) << context << ": " << report.status().ToString();
  for (const Problem& problem : report->problems) {
    ADD_FAILURE() << context << ": verify: " << ProblemKindName(problem.kind) << " "
                  << problem.file << ": " << problem.message;
  }
  EXPECT_EQ(report->records_verified, present) << context;
}

// One scenario under the loop: how to build the store (no faults), the run
// whose operations fail (returns the highest seq acknowledged), and the
// checks after the crash.
struct Scenario {
  std::string name;
  std::function<void(const std::shared_ptr<FaultEnv>&)> build;
  std::function<uint64_t(const std::shared_ptr<FaultEnv>&)> run;
  std::function<void(const std::shared_ptr<FaultEnv>&, uint64_t acked, const std::string&)> check;
};

// Runs the scenario once without faults to count its operations, then once
// per operation, fault and persistence, crashing and checking each time.
void RunFaultLoop(const Scenario& scenario) {
  uint64_t first_op = 0;
  uint64_t last_op = 0;
  {
    auto env = std::make_shared<FaultEnv>(1);
    ASSERT_NO_FATAL_FAILURE(scenario.build(env));
    first_op = env->op_count() + 1;
    ASSERT_EQ(scenario.run(env), kBuilt + 10) << "the scenario must succeed without faults";
    last_op = env->op_count();
  }
  ASSERT_GT(last_op - first_op, 10u);
  const Fault kFaults[] = {Fault::kEIO, Fault::kENOSPC, Fault::kTornWrite};
  uint64_t runs = 0;
  for (uint64_t n = first_op; n <= last_op + 1; ++n) {
    for (Fault fault : kFaults) {
      for (bool forever : {false, true}) {
        auto env = std::make_shared<FaultEnv>(n);
        ASSERT_NO_FATAL_FAILURE(scenario.build(env));
        env->SetOutOfOrderWrites(n % 2 == 0);
        env->FailAt(n, fault, forever);
        const uint64_t acked = scenario.run(env);
        const std::string context = scenario.name + ": op " + std::to_string(n) + " fault " +
                                    std::to_string(static_cast<int>(fault)) +
                                    (forever ? " forever" : " once") + " acked " +
                                    std::to_string(acked);
        if (n % 3 == 0) {
          env->DropUnsyncedData();
        } else {
          env->SimulatePowerLoss(n);
        }
        env->ClearFaults();
        scenario.check(env, acked, context);
        ++runs;
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
  std::printf("%s: operations %llu..%llu, %llu faulted runs\n", scenario.name.c_str(),
              static_cast<unsigned long long>(first_op), static_cast<unsigned long long>(last_op),
              static_cast<unsigned long long>(runs));
}

class RetentionFaultLoopTest : public ::testing::TestWithParam<Move> {};

TEST_P(RetentionFaultLoopTest, EveryOperationOfAMoveFailingLeavesEachSegmentInOnePlace) {
  const Move& move = GetParam();
  RunFaultLoop({move.name, [&](const auto& env) { Build(env, move); },
                [&](const auto& env) { return RunScenario(env, move); },
                [&](const auto& env, uint64_t acked, const std::string& context) {
                  CheckAfterCrash(env, move, acked, context);
                }});
}

INSTANTIATE_TEST_SUITE_P(Moves, RetentionFaultLoopTest, ::testing::ValuesIn(kMoves),
                         [](const ::testing::TestParamInfo<Move>& info) {
                           std::string name = info.param.name;
                           for (char& c : name) c = c == ' ' ? '_' : c;
                           return name;
                         });

// The same loop over a deletion: the store's config deletes after a year,
// and at 400 days retention deletes every built segment, appending and
// sealing a receipt first. After any crash: expired segments have no file
// left, every other record reads back, and after retention runs again every
// built segment is expired and verify calls each of them `expired`.
Options DeletionOptions(const std::shared_ptr<FaultEnv>& env) {
  Options options = ScenarioOptions(env);
  options.config_toml =
      "[segments]\nsize_max = \"4096\"\nseal_interval = \"3650d\"\n"
      "[retention]\ndelete_after = \"365d\"\n";
  return options;
}

uint64_t BuildForDeletion(const std::shared_ptr<FaultEnv>& env) {
  env->SetNow(kStartNs);
  Result<std::unique_ptr<Store>> store = Store::Open(kDir, DeletionOptions(env));
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  if (!store.ok()) return 0;
  for (uint64_t n = 1; n <= kBuilt; ++n) {
    TestEvent e(n, 40);
    EXPECT_TRUE((*store)->Append(e.event).ok());
  }
  EXPECT_TRUE((*store)->Roll().ok());
  return (*store)->Stats().segments.size() - 1;  // closed, all of them due
}

uint64_t RunDeletion(const std::shared_ptr<FaultEnv>& env) {
  uint64_t acked = kBuilt;
  Result<std::unique_ptr<Store>> opened = Store::Open(kDir, DeletionOptions(env));
  if (!opened.ok()) return acked;
  if (!(*opened)->RunRetention(DueAfter(400)).ok()) return acked;
  for (uint64_t n = kBuilt + 1; n <= kBuilt + 10; ++n) {
    TestEvent e(n, 40);
    if (!(*opened)->Append(e.event).ok()) return acked;
    acked = n;
  }
  return acked;
}

void CheckDeletionAfterCrash(const std::shared_ptr<FaultEnv>& env, uint64_t built_closed,
                             uint64_t acked, const std::string& context) {
  uint64_t present = 0;
  {
    Result<std::unique_ptr<Store>> opened = Store::Open(kDir, DeletionOptions(env));
    ASSERT_TRUE(opened.ok()) << context << ": reopen failed: " << opened.status().ToString();
    Store& store = **opened;
    const std::string dir = std::string(kDir) + "/";
    uint64_t expected_present = 0;
    for (const SegmentInfo& segment : store.Stats().segments) {
      if (segment.tier != Tier::kExpired) {
        expected_present += segment.record_count;
        continue;
      }
      for (const std::string& name : {SegmentFileName(segment.number),
                                      tier::WarmFileName(segment.number),
                                      index::IndexFileName(segment.number)}) {
        ASSERT_FALSE(env->FileExists(dir + name)) << context << ": " << name << " of an expired segment";
      }
    }
    std::unique_ptr<Iterator> it = store.Scan(1, UINT64_MAX);
    uint64_t last = 0;
    while (it->Next()) {
      const Record& record = it->record();
      ASSERT_GT(record.seq, last) << context;
      last = record.seq;
      // A built record is what was appended (later seqs shift by the receipts).
      if (!record.system && record.seq <= kBuilt) {
        ASSERT_EQ(record.raw, TestEvent(record.seq, 40).raw) << context;
      }
      ++present;
    }
    ASSERT_TRUE(it->status().ok()) << context << ": " << it->status().ToString();
    // The active segment's records are not in its record_count.
    ASSERT_GE(present, expected_present) << context;
    Result<RetentionReport> finish = store.RunRetention(DueAfter(400));
    ASSERT_TRUE(finish.ok()) << context << ": " << finish.status().ToString();
    ASSERT_TRUE(store.Roll().ok()) << context;
    for (const SegmentInfo& segment : store.Stats().segments) {
      if (segment.number <= built_closed) {
        ASSERT_EQ(segment.tier, Tier::kExpired) << context << ": segment " << segment.number;
      }
    }
    // Acknowledged appends after the deletion are all there.
    for (uint64_t n = kBuilt + 1; n <= acked; ++n) {
      bool found = false;
      std::unique_ptr<Iterator> scan = store.Scan(1, UINT64_MAX);
      while (scan->Next()) found = found || scan->record().raw == TestEvent(n, 40).raw;
      ASSERT_TRUE(found) << context << ": acknowledged event " << n << " lost";
    }
    present = 0;
    std::unique_ptr<Iterator> again = store.Scan(1, UINT64_MAX);
    while (again->Next()) ++present;
  }
  VerifyOptions verify;
  verify.env = env;
  Result<VerifyReport> report = Verify(kDir, verify);
  ASSERT_TRUE(report.ok()) << context << ": " << report.status().ToString();
  for (const Problem& problem : report->problems) {
    if (problem.kind == ProblemKind::kExpired) continue;
    ADD_FAILURE() << context << ": verify: " << ProblemKindName(problem.kind) << " "
                  << problem.file << ": " << problem.message;
  }
  EXPECT_EQ(report->segments_expired, built_closed) << context;
  EXPECT_EQ(report->records_verified, present) << context;
}

TEST(RetentionFaultLoopTest, EveryOperationOfADeletionFailingLosesNothingButWhatExpired) {
  uint64_t built_closed = 0;
  RunFaultLoop({"deletion",
                [&](const auto& env) {
                  const uint64_t closed = BuildForDeletion(env);
                  ASSERT_GE(closed, 5u);
                  if (built_closed == 0) built_closed = closed;
                  ASSERT_EQ(closed, built_closed);
                },
                RunDeletion,
                [&](const auto& env, uint64_t acked, const std::string& context) {
                  CheckDeletionAfterCrash(env, built_closed, acked, context);
                }});
}

}  // namespace
}  // namespace sealog
