// Deterministic simulation: one seed drives a whole life of a store on the
// in-memory FaultEnv: appends from several writers in group commits of
// chosen sizes, flushes, rollovers and seals, clock jumps, retention runs
// (warm, cold, deletion with receipts), read-only readers, clean reopens,
// injected I/O errors, and power cuts at any operation, including during
// recovery. After every step the invariants of simulation.cc are checked.
// The same seed gives the same run, operation for operation: a failure is
// reproduced from its seed alone.
#ifndef SEALOG_TESTS_SIM_SIMULATION_H_
#define SEALOG_TESTS_SIM_SIMULATION_H_

#include <cstdint>
#include <string>

namespace sealog::sim {

struct SimulationOptions {
  int steps = 60;  // workload steps per seed (checks and recoveries not counted)
  // Checks the checker: the model believes one record more acknowledged than
  // the store said, so a run that loses power and reopens must fail.
  bool overclaim_acknowledged = false;
};

struct SimulationResult {
  uint64_t seed = 0;
  bool ok = true;
  // The first broken invariant: "seed S step K (what): ...". Empty when ok.
  std::string failure;
  // One line per step: what was done, what it returned, the Env's operation
  // count after it. Equal for equal seeds.
  std::string trace;

  uint64_t appended = 0;       // events appended and accepted
  uint64_t acknowledged = 0;   // highest seq acknowledged durable, at the end
  uint64_t power_cuts = 0;     // power losses simulated
  uint64_t faults = 0;         // operations failed by injection
  uint64_t reopens = 0;        // opens after the first, clean or after a crash
  uint64_t tier_moves = 0;     // segments moved warm, cold or deleted
  uint64_t queries = 0;        // queries compared with a scan
  uint64_t verifies = 0;       // verify runs
};

SimulationResult Simulate(uint64_t seed, const SimulationOptions& options = {});

}  // namespace sealog::sim

#endif  // SEALOG_TESTS_SIM_SIMULATION_H_
