// Ctrl-C (SIGINT) or SIGTERM stop `sealog append` cleanly: what was read is
// stored and durable, and the error names the first line not appended.
#include <chrono>
#include <csignal>
#include <string>

#include <gtest/gtest.h>

#include "tests/tools/cli_test_util.h"

namespace sealog::testing {
namespace {

using std::chrono::seconds;

class AppendSignalTest : public ::testing::TestWithParam<int> {};

TEST_P(AppendSignalTest, StoresWhatWasReadAndNamesTheNextLine) {
  TempDir dir;
  const std::string store = dir.Path("store");
  InitStore(store);
  std::unique_ptr<Child> append = Child::Spawn({SealogBin(), "append", store, "--ack"});
  const std::string lines = "{\"n\":1}\n{\"n\":2}\n\n{\"n\":3}\n";
  ASSERT_EQ(append->WriteStdin(lines), lines.size());
  ASSERT_TRUE(append->WaitForStdout("ack 3\n", seconds(20))) << append->err();
  append->Kill(GetParam());
  const RunResult result = append->Wait();
  EXPECT_EQ(result.exit_code, 3) << Describe(result);
  const std::vector<std::string> errors = SplitLines(result.err);
  ASSERT_EQ(errors.size(), 1u) << Describe(result);
  EXPECT_EQ(errors[0],
            "sealog: interrupted (<stdin>:5 was not appended; 3 earlier events are stored, seq "
            "1..3): append the input from this line on");
  EXPECT_EQ(ExportRaw(store), "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
}

INSTANTIATE_TEST_SUITE_P(Signals, AppendSignalTest, ::testing::Values(SIGINT, SIGTERM),
                         [](const auto& info) {
                           return std::string(info.param == SIGINT ? "Sigint" : "Sigterm");
                         });

}  // namespace
}  // namespace sealog::testing
