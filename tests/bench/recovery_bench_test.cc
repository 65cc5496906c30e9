// The recovery benchmark at a tiny scale: the killed child's store reopens
// with every acknowledged record, scans and verifies (the benchmark fails
// otherwise), and every figure is printed as a JSON line. Timings are never
// judged.
#include "bench/recovery_bench.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace sealog::bench {
namespace {

TEST(RecoveryBenchTest, KilledStoreReopensScansAndVerifies) {
  RecoveryBenchOptions options;
  options.events = 2'000;
  options.repetitions = 2;
  options.json = true;
  ::testing::internal::CaptureStdout();
  const int exit_code = RunRecoveryBench(options);
  const std::string out = ::testing::internal::GetCapturedStdout();
  ASSERT_EQ(exit_code, 0) << out;
  for (const char* figure : {"open_writer_after_kill", "open_read_only_after_kill", "read_files",
                             "full_scan", "verify"}) {
    EXPECT_NE(out.find(std::string("\"figure\":\"") + figure + "\",\"events\":2000"),
              std::string::npos)
        << figure << " missing from:\n"
        << out;
  }
}

}  // namespace
}  // namespace sealog::bench
