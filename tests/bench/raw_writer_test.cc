#include "bench/raw_writer.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

namespace sealog::bench {
namespace {

class RawWriterTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "raw-writer-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  std::string dir_;
};

TEST(SequentialPlanTest, CoversTheBytesInFullBatchesAndAShortLastOne) {
  const std::vector<WriteOp> plan = SequentialPlan(2'500, 1'000);
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_EQ(plan[0].bytes, 1'000u);
  EXPECT_EQ(plan[2].bytes, 500u);
  for (const WriteOp& op : plan) EXPECT_TRUE(op.sync);
  EXPECT_TRUE(SequentialPlan(0, 1'000).empty());
}

TEST_F(RawWriterTest, WritesTheDataInOrderAndCountsSyncs) {
  const std::string data = "0123456789abcdefghij";
  const std::string path = dir_ + "/raw";
  Result<RawRun> run = RunRawWrites(path, data, SequentialPlan(data.size(), 7));
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->bytes, data.size());
  EXPECT_EQ(run->syncs, 3u);
  EXPECT_GE(run->seconds, 0);
  EXPECT_EQ(ReadFile(path), data);
}

TEST_F(RawWriterTest, ReplayCyclesThroughTheDataAndSyncsOnlyWhereAsked) {
  const std::string path = dir_ + "/replay";
  const std::vector<WriteOp> plan = {{4, false}, {0, true}, {5, true}, {3, false}};
  Result<RawRun> run = RunRawWrites(path, "abcde", plan);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->bytes, 12u);
  EXPECT_EQ(run->syncs, 2u);
  EXPECT_EQ(ReadFile(path), "abcdeabcdeab");
}

TEST_F(RawWriterTest, AMissingDirectoryIsAnIOError) {
  Result<RawRun> run = RunRawWrites(dir_ + "/no/such/dir/raw", "x", SequentialPlan(1, 1));
  EXPECT_FALSE(run.ok());
  EXPECT_EQ(run.status().code(), Code::kIOError);
}

}  // namespace
}  // namespace sealog::bench
