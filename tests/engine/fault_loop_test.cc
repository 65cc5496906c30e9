// The SQLite-style I/O error loop: run one scenario (appends, group commits,
// rollovers, MANIFEST updates, a reopen) against the fault-injecting Env, and
// fail its Nth mutating operation, for every N, once and forever, with EIO,
// ENOSPC and torn writes. Then cut the power, reopen with a healthy Env and
// check the invariants:
//   1. the store opens: a crash or an I/O error is never reported as corruption;
//   2. every acknowledged record is present (acked <= present);
//   3. the records present are seqs 1..P with no gap, each exactly the event
//      that was appended with that seq (nothing written partly is visible);
//   4. verify finds nothing wrong: every closed segment is sealed exactly
//      once, the chain of seals and epoch keys is whole.
#include <gtest/gtest.h>

#include <cstdio>
#include <optional>
#include <thread>

#include "engine/io/fault_env.h"
#include "sealog/store.h"
#include "sealog/verify.h"
#include "tests/engine/test_util.h"

namespace sealog {
namespace {

using io::Fault;
using io::FaultEnv;
using testing::TestEvent;

constexpr char kDir[] = "/store";

Options ScenarioOptions(const std::shared_ptr<FaultEnv>& env) {
  Options options;
  options.env = env;
  options.create_if_missing = true;
  options.segment_size_max = 4096;  // a rollover every dozen records
  options.segment_age_max_ms = 0;
  options.preallocate_step = 8192;
  return options;
}

// Runs the scenario until the first error. Returns the highest seq acknowledged.
uint64_t RunScenario(const std::shared_ptr<FaultEnv>& env) {
  uint64_t acked = 0;
  uint64_t next = 1;
  Options options = ScenarioOptions(env);
  {
    Result<std::unique_ptr<Store>> opened = Store::Open(kDir, options);
    if (!opened.ok()) return acked;
    Store& store = **opened;
    for (int i = 0; i < 30; ++i, ++next) {  // one record per group commit
      TestEvent e(next, 40);
      if (!store.Append(e.event).ok()) return acked;
      acked = next;
    }
    for (int i = 0; i < 60; ++i, ++next) {  // many records per group commit
      TestEvent e(next, 40);
      if (!store.AppendAsync(e.event).ok()) return acked;
    }
    if (!store.Flush().ok()) return acked;
    acked = next - 1;
    if (!store.Roll().ok()) return acked;
  }
  options.durability = Durability::kNone;
  Result<std::unique_ptr<Store>> reopened = Store::Open(kDir, options);
  if (!reopened.ok()) return acked;
  Store& store = **reopened;
  if (store.recovery().records != next - 1) {
    ADD_FAILURE() << "reopen found " << store.recovery().records << " records, expected "
                  << next - 1;
  }
  for (int i = 0; i < 30; ++i, ++next) {
    TestEvent e(next, 40);
    if (!store.Append(e.event).ok()) return acked;
  }
  if (store.Flush().ok()) acked = next - 1;
  return acked;
}

// Reopens after the crash and checks invariants 1-3. Returns records present,
// or nothing when the store did not open.
std::optional<uint64_t> CheckRecords(const std::shared_ptr<FaultEnv>& env, uint64_t acked,
                                     const std::string& context) {
  Options options = ScenarioOptions(env);
  options.create_if_missing = acked == 0;
  Result<std::unique_ptr<Store>> opened = Store::Open(kDir, options);
  if (!opened.ok()) {
    ADD_FAILURE() << context << ": reopen failed: " << opened.status().ToString();
    return std::nullopt;
  }
  Store& store = **opened;
  std::unique_ptr<Iterator> it = store.Scan(1, UINT64_MAX);
  uint64_t present = 0;
  while (it->Next()) {
    ++present;
    TestEvent want(present, 40);
    if (it->record().seq != present || it->record().raw != want.raw) {
      ADD_FAILURE() << context << ": record " << present << " is not the event appended";
      return std::nullopt;
    }
  }
  EXPECT_TRUE(it->status().ok()) << context << ": " << it->status().ToString();
  EXPECT_GE(present, acked) << context << ": acknowledged records lost";
  // The reopened store accepts appends where the old one stopped, and seals.
  TestEvent e(present + 1, 40);
  Result<uint64_t> seq = store.Append(e.event);
  EXPECT_TRUE(seq.ok() && *seq == present + 1) << context;
  EXPECT_TRUE(store.Roll().ok()) << context;
  return present + 1;
}

// Invariant 4, on the closed store.
void CheckVerifies(const std::shared_ptr<FaultEnv>& env, uint64_t records,
                   const std::string& context) {
  VerifyOptions options;
  options.env = env;
  Result<VerifyReport> report = Verify(kDir, options);
  ASSERT_TRUE(report.ok()) << context << ": " << report.status().ToString();
  for (const Problem& problem : report->problems) {
    ADD_FAILURE() << context << ": verify: " << ProblemKindName(problem.kind) << " "
                  << problem.file << ": " << problem.message;
  }
  EXPECT_EQ(report->records_verified, records) << context;
  EXPECT_EQ(report->records_unsealed, 0u) << context;
}

void CheckAfterCrash(const std::shared_ptr<FaultEnv>& env, uint64_t acked,
                     const std::string& context) {
  std::optional<uint64_t> records = CheckRecords(env, acked, context);
  if (records) CheckVerifies(env, *records, context);
}

TEST(FaultLoopTest, EveryOperationFailingOnceOrForeverLosesNothingAcknowledged) {
  uint64_t total_ops = 0;
  {
    auto env = std::make_shared<FaultEnv>(1);
    const uint64_t acked = RunScenario(env);
    ASSERT_EQ(acked, 120u) << "the scenario must succeed without faults";
    total_ops = env->op_count();
  }
  ASSERT_GT(total_ops, 100u);
  const Fault kFaults[] = {Fault::kEIO, Fault::kENOSPC, Fault::kTornWrite};
  uint64_t runs = 0;
  for (uint64_t n = 1; n <= total_ops + 1; ++n) {
    for (Fault fault : kFaults) {
      for (bool forever : {false, true}) {
        auto env = std::make_shared<FaultEnv>(n);
        env->SetOutOfOrderWrites(n % 2 == 0);
        env->FailAt(n, fault, forever);
        const uint64_t acked = RunScenario(env);
        const std::string context = "op " + std::to_string(n) + " fault " +
                                    std::to_string(static_cast<int>(fault)) +
                                    (forever ? " forever" : " once") + " acked " +
                                    std::to_string(acked);
        if (n % 3 == 0) {
          env->DropUnsyncedData();
        } else {
          env->SimulatePowerLoss(n);
        }
        env->ClearFaults();
        CheckAfterCrash(env, acked, context);
        ++runs;
        if (HasFailure()) return;
      }
    }
  }
  RecordProperty("runs", static_cast<int>(runs));
  std::printf("%llu operations, %llu faulted runs\n", static_cast<unsigned long long>(total_ops),
              static_cast<unsigned long long>(runs));
}

TEST(FaultLoopTest, PowerLossAtEveryOperationLosesNothingAcknowledged) {
  // No I/O error at all: the power goes out after operation N, whatever the
  // store was doing, and unsynced sectors survive at random.
  uint64_t total_ops = 0;
  {
    auto env = std::make_shared<FaultEnv>(2);
    RunScenario(env);
    total_ops = env->op_count();
  }
  for (uint64_t n = 1; n <= total_ops; ++n) {
    auto env = std::make_shared<FaultEnv>(n);
    // Failing every operation from n on freezes the disk as it was after n - 1.
    env->FailAt(n, Fault::kEIO, /*forever=*/true);
    const uint64_t acked = RunScenario(env);
    env->SimulatePowerLoss(n * 7919);
    env->ClearFaults();
    CheckAfterCrash(env, acked, "power loss after op " + std::to_string(n - 1));
    if (HasFailure()) return;
  }
}

// Found by the simulation (tests/sim/, seed 4117): after a failed
// fdatasync the kernel marks the pages clean without writing them. The next
// process reads them from the page cache and recovery keeps the records;
// a second fdatasync alone would not write them, so a power cut later took
// records that the reopened store had acknowledged and even sealed.
TEST(FaultLoopTest, RecordsLeftByAFailedSyncAreWrittenAgainAtRecovery) {
  auto env = std::make_shared<FaultEnv>(3);
  Options options = ScenarioOptions(env);
  options.durability = Durability::kNone;
  options.segment_size_max = 1 << 20;
  {
    auto store = std::move(Store::Open(kDir, options)).value();
    for (uint64_t n = 1; n <= 10; ++n) {
      TestEvent e(n, 40);
      ASSERT_TRUE(store->Append(e.event).ok());
    }
    // The records are written (durability none, not synced); the closing
    // Flush's fdatasync is the next operation, and fails.
    while (store->Stats().last_seq < 10) std::this_thread::yield();
    env->FailAt(env->op_count() + 1, Fault::kENOSPC, /*forever=*/false);
  }
  ASSERT_EQ(env->injected_fault_count(), 1u);
  {
    auto store = std::move(Store::Open(kDir, options)).value();
    ASSERT_EQ(store->recovery().records, 10u);
    ASSERT_EQ(store->Stats().durable_seq, 10u);  // acknowledged by this open
    ASSERT_TRUE(store->Roll().ok());             // and sealed
  }
  env->DropUnsyncedData();
  CheckAfterCrash(env, 10, "power cut after the reopened store sealed them");
}

}  // namespace
}  // namespace sealog
