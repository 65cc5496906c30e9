// The deterministic simulation (simulation.h) run over many seeds.
//
//   SEALOG_SIM_SEEDS=N        seeds per run, split over kShards tests that
//                             ctest runs side by side (default 400)
//   SEALOG_SIM_FIRST_SEED=S   the first seed (default 1), for long runs in parts
//   SEALOG_SIM_STEPS=K        steps per seed (default 60)
//   SEALOG_SIM_SEED=S         replay one seed (Simulation.Replay), printing its trace
//
// A failure prints its seed and the replay command.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "tests/sim/simulation.h"

namespace sealog::sim {
namespace {

constexpr uint64_t kShards = 4;

uint64_t EnvOr(const char* name, uint64_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::strtoull(value, nullptr, 10) : fallback;
}

SimulationOptions OptionsFromEnv() {
  SimulationOptions options;
  options.steps = static_cast<int>(EnvOr("SEALOG_SIM_STEPS", 60));
  return options;
}

// The tail of a trace: what led to a failure.
std::string TraceTail(const std::string& trace, size_t lines) {
  size_t at = trace.size();
  for (size_t n = 0; n <= lines && at > 0; ++n) {
    at = trace.rfind('\n', at - 1);
    if (at == std::string::npos) return trace;
  }
  return trace.substr(at + 1);
}

class SimulationSeeds : public ::testing::TestWithParam<uint64_t> {};

TEST_P(SimulationSeeds, InvariantsHold) {
  const uint64_t seeds = EnvOr("SEALOG_SIM_SEEDS", 400);
  const uint64_t first = EnvOr("SEALOG_SIM_FIRST_SEED", 1);
  const SimulationOptions options = OptionsFromEnv();
  SimulationResult total;
  uint64_t run = 0, failures = 0;
  const auto start = std::chrono::steady_clock::now();
  for (uint64_t seed = first + GetParam(); seed < first + seeds; seed += kShards) {
    const SimulationResult result = Simulate(seed, options);
    ++run;
    total.appended += result.appended;
    total.power_cuts += result.power_cuts;
    total.faults += result.faults;
    total.reopens += result.reopens;
    total.tier_moves += result.tier_moves;
    total.queries += result.queries;
    total.verifies += result.verifies;
    if (!result.ok) {
      ++failures;
      ADD_FAILURE() << result.failure << "\nreplay: SEALOG_SIM_SEED=" << seed
             << " tests/sim/simulation_test --gtest_filter=Simulation.Replay\nlast steps:\n"
             << TraceTail(result.trace, 12);
      if (failures == 5) return;  // enough to go on with
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "%llu seeds in %.1f s (%.0f per minute): %llu events appended, %llu power cuts, %llu "
      "faults injected, %llu reopens, %llu tier moves, %llu queries compared, %llu verifies\n",
      static_cast<unsigned long long>(run), seconds, run / seconds * 60,
      static_cast<unsigned long long>(total.appended),
      static_cast<unsigned long long>(total.power_cuts),
      static_cast<unsigned long long>(total.faults),
      static_cast<unsigned long long>(total.reopens),
      static_cast<unsigned long long>(total.tier_moves),
      static_cast<unsigned long long>(total.queries),
      static_cast<unsigned long long>(total.verifies));
  // The workload must reach every part it claims to, or the run proves little.
  if (run >= 100) {
    EXPECT_GT(total.power_cuts, run);
    EXPECT_GT(total.faults, run / 2);
    EXPECT_GT(total.tier_moves, run / 4);
    EXPECT_GT(total.queries, run);
  }
}

INSTANTIATE_TEST_SUITE_P(Shards, SimulationSeeds, ::testing::Range<uint64_t>(0, kShards));

TEST(Simulation, TheSameSeedRunsTheSameOperations) {
  for (uint64_t seed = 1000; seed < 1020; ++seed) {
    const SimulationResult a = Simulate(seed);
    const SimulationResult b = Simulate(seed);
    ASSERT_TRUE(a.ok) << a.failure;
    // The trace holds the Env's operation count after every step.
    ASSERT_EQ(a.trace, b.trace) << "seed " << seed << " ran differently the second time";
  }
}

TEST(Simulation, OtherSeedsRunOtherWorkloads) {
  EXPECT_NE(Simulate(7).trace, Simulate(8).trace);
}

TEST(Simulation, TheCheckerCatchesALostAcknowledgedRecord) {
  // The model claims one record more acknowledged than the store did: every
  // run that acknowledges something must fail, naming its seed.
  SimulationOptions options;
  options.overclaim_acknowledged = true;
  int failed = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const SimulationResult result = Simulate(seed, options);
    if (result.acknowledged == 0) continue;
    EXPECT_FALSE(result.ok) << "seed " << seed;
    if (!result.ok) {
      ++failed;
      EXPECT_NE(result.failure.find("seed " + std::to_string(seed)), std::string::npos);
      EXPECT_NE(result.failure.find("acknowledged"), std::string::npos) << result.failure;
    }
  }
  EXPECT_GT(failed, 10);
}

TEST(Simulation, Replay) {
  const uint64_t seed = EnvOr("SEALOG_SIM_SEED", 0);
  if (seed == 0) GTEST_SKIP() << "set SEALOG_SIM_SEED to replay a seed";
  const SimulationResult result = Simulate(seed, OptionsFromEnv());
  std::fputs(result.trace.c_str(), stdout);
  EXPECT_TRUE(result.ok) << result.failure;
}

}  // namespace
}  // namespace sealog::sim
