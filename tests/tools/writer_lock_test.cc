// One writer at a time: a second `sealog append` gets exit 3 while the first
// holds the store, and readers keep working meanwhile.
#include <chrono>
#include <csignal>
#include <string>

#include <gtest/gtest.h>

#include "tests/tools/cli_test_util.h"

namespace sealog::testing {
namespace {

using std::chrono::seconds;

TEST(WriterLockTest, SecondWriterGetsExitThreeWhileTheFirstHoldsTheStore) {
  TempDir dir;
  const std::string store = dir.Path("store");
  InitStore(store);
  std::unique_ptr<Child> first = Child::Spawn({SealogBin(), "append", store, "--ack"});
  const std::string first_line = "{\"actor\":\"first\"}\n";
  ASSERT_EQ(first->WriteStdin(first_line), first_line.size());
  // Once "ack 1" is out, the first writer holds the store (its stdin stays open).
  ASSERT_TRUE(first->WaitForStdout("ack 1\n", seconds(20))) << first->err();

  const RunResult second = Sealog({"append", store}, "{\"actor\":\"second\"}\n");
  EXPECT_EQ(second.exit_code, 3) << Describe(second);
  const std::vector<std::string> lines = SplitLines(second.err);
  ASSERT_EQ(lines.size(), 1u) << Describe(second);
  EXPECT_NE(lines[0].find("locked"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find(store), std::string::npos) << lines[0];

  // Readers do not need the lock.
  EXPECT_EQ(ExportRaw(store), first_line);
  EXPECT_EQ(Sealog({"stats", store}).exit_code, 0);
  EXPECT_EQ(Sealog({"tail", store, "-n", "1", "--format", "raw"}).out, first_line);

  first->CloseStdin();
  const RunResult first_result = first->Wait();
  EXPECT_EQ(first_result.exit_code, 0) << Describe(first_result);
  EXPECT_NE(first_result.err.find("appended 1 event, seq 1..1"), std::string::npos)
      << first_result.err;

  // The lock went with the first writer.
  const RunResult third = Sealog({"append", store}, "{\"actor\":\"third\"}\n");
  EXPECT_EQ(third.exit_code, 0) << Describe(third);
  EXPECT_EQ(ExportRaw(store), first_line + "{\"actor\":\"third\"}\n");
}

// A writer killed outright leaves no lock behind.
TEST(WriterLockTest, KilledWriterReleasesTheStore) {
  TempDir dir;
  const std::string store = dir.Path("store");
  InitStore(store);
  std::unique_ptr<Child> first = Child::Spawn({SealogBin(), "append", store, "--ack"});
  ASSERT_GT(first->WriteStdin("{\"actor\":\"first\"}\n"), 0u);
  ASSERT_TRUE(first->WaitForStdout("ack 1\n", seconds(20))) << first->err();
  first->Kill(SIGKILL);
  EXPECT_EQ(first->Wait().term_signal, SIGKILL);
  const RunResult second = Sealog({"append", store}, "{\"actor\":\"second\"}\n");
  EXPECT_EQ(second.exit_code, 0) << Describe(second);
  EXPECT_EQ(ExportRaw(store), "{\"actor\":\"first\"}\n{\"actor\":\"second\"}\n");
}

}  // namespace
}  // namespace sealog::testing
