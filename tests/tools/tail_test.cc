// `sealog tail`: the last N records, and -f following another process.
#include <chrono>
#include <csignal>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/tools/cli_test_util.h"

namespace sealog::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

std::string Events(int first, int last) {
  std::string text;
  for (int i = first; i <= last; ++i) text += "{\"n\":" + std::to_string(i) + "}\n";
  return text;
}

// The seq of each jsonl line.
std::vector<int> Seqs(const std::string& jsonl) {
  std::vector<int> seqs;
  for (const std::string& line : SplitLines(jsonl)) {
    if (line.rfind("{\"seq\":", 0) != 0) {
      ADD_FAILURE() << "not a record: " << line;
      continue;
    }
    seqs.push_back(std::stoi(line.substr(7)));
  }
  return seqs;
}

class TailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitStore(store_);
    ASSERT_EQ(Sealog({"append", store_}, Events(1, 25)).exit_code, 0);
  }
  std::unique_ptr<Child> Follow(const std::string& lines) {
    return Child::Spawn({SealogBin(), "tail", store_, "-f", "-n", lines, "--format", "raw"});
  }

  TempDir dir_;
  const std::string store_ = dir_.Path("store");
};

TEST_F(TailTest, PrintsTheLastRecords) {
  RunResult result = Sealog({"tail", store_});
  ASSERT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_EQ(Seqs(result.out), (std::vector<int>{16, 17, 18, 19, 20, 21, 22, 23, 24, 25}));
  result = Sealog({"tail", store_, "-n", "3"});
  EXPECT_EQ(Seqs(result.out), (std::vector<int>{23, 24, 25}));
  result = Sealog({"tail", store_, "-n", "100", "--format", "raw"});
  EXPECT_EQ(result.out, Events(1, 25));
  result = Sealog({"tail", store_, "-n", "0"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err, "");
}

TEST(TailEmptyStoreTest, PrintsNothing) {
  TempDir dir;
  InitStore(dir.Path("store"));
  const RunResult result = Sealog({"tail", dir.Path("store")});
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_EQ(result.out, "");
}

TEST_F(TailTest, FollowSeesAnotherProcessAppendWithinASecond) {
  std::unique_ptr<Child> tail = Follow("1");
  ASSERT_TRUE(tail->WaitForStdout(Events(25, 25), seconds(20))) << tail->err();
  for (int round = 0; round < 3; ++round) {
    const int first = 26 + round * 5;
    const RunResult append = Sealog({"append", store_}, Events(first, first + 4));
    ASSERT_EQ(append.exit_code, 0) << Describe(append);
    const Clock::time_point appended = Clock::now();
    ASSERT_TRUE(tail->WaitForStdout(Events(first, first + 4), seconds(10))) << tail->out();
    EXPECT_LT(Clock::now() - appended, milliseconds(1000)) << "round " << round;
  }
  EXPECT_EQ(tail->out(), Events(25, 40));
  tail->Kill(SIGINT);
  const RunResult result = tail->Wait();
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_EQ(result.err, "");
}

TEST_F(TailTest, FollowSeesRecordsWhileTheWriterStillRuns) {
  // Once it has shown the last record, tail has taken its first look, so the
  // records below are new to it (a fixed sleep was too short under ASan on
  // a loaded machine, and tail -n 0 then never showed them).
  std::unique_ptr<Child> tail = Follow("1");
  ASSERT_TRUE(tail->WaitForStdout(Events(25, 25), seconds(20))) << tail->err();
  std::unique_ptr<Child> writer = Child::Spawn({SealogBin(), "append", store_, "--ack"});
  writer->WriteStdin(Events(26, 30));
  ASSERT_TRUE(writer->WaitForStdout("ack 30\n", seconds(20))) << writer->err();
  EXPECT_TRUE(tail->WaitForStdout(Events(26, 30), seconds(2))) << tail->out();
  writer->CloseStdin();
  EXPECT_EQ(writer->Wait().exit_code, 0);
}

TEST_F(TailTest, FollowEndsCleanlyWhenItsReaderGoesAway) {
  std::unique_ptr<Child> tail = Follow("2");
  ASSERT_TRUE(tail->WaitForStdout(Events(24, 25), seconds(20))) << tail->err();
  tail->CloseStdout();  // like `sealog tail -f STORE | head -2`
  const Clock::time_point closed = Clock::now();
  const RunResult result = tail->Wait();
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_EQ(result.err, "");
  EXPECT_LT(Clock::now() - closed, seconds(3));
}

TEST_F(TailTest, FollowEndsCleanlyOnSigterm) {
  std::unique_ptr<Child> tail = Follow("1");
  ASSERT_TRUE(tail->WaitForStdout(Events(25, 25), seconds(20))) << tail->err();
  tail->Kill(SIGTERM);
  const RunResult result = tail->Wait();
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
}

}  // namespace
}  // namespace sealog::testing
