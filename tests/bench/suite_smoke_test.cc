// sealog-bench all at a tiny scale, as a user runs it: every benchmark runs
// in its own process and succeeds, the report and its plots are written, and
// `sealog-bench report` writes the same report again from the figures.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/engine/test_util.h"

namespace sealog::bench {
namespace {

namespace fs = std::filesystem;
using sealog::testing::ReadFile;
using sealog::testing::TempDir;

int RunBench(const std::string& arguments, const std::string& log) {
  const std::string command = std::string(SEALOG_BENCH_PATH) + " " + arguments + " 2>" + log;
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(SuiteSmokeTest, RunsEveryBenchmarkAndWritesTheReport) {
  TempDir dir;
  const std::string report = dir.Sub("report");
  const std::string log = dir.Sub("all.log");
  ASSERT_EQ(RunBench("all --events 3000 --report " + report + " --dir " + dir.path(), log), 0)
      << ReadFile(log);
  for (const char* bench : {"append", "evidence", "recovery", "query", "tiers"}) {
    const std::string figures = ReadFile(report + "/" + bench + ".jsonl");
    EXPECT_FALSE(figures.empty()) << bench;
    EXPECT_EQ(figures.front(), '{') << bench;
  }
  const std::string md = ReadFile(report + "/REPORT.md");
  EXPECT_EQ(md.find("failed"), std::string::npos) << md;
  EXPECT_EQ(md.find("Not run"), std::string::npos) << md;
  EXPECT_NE(md.find("**0 mismatches**"), std::string::npos) << md;
  for (const char* svg : {"throughput_by_writers.svg", "ack_latency_cdf.svg", "query_latency.svg",
                          "query_latency_by_tier.svg", "bytes_per_event.svg"}) {
    const std::string text = ReadFile(report + "/" + svg);
    EXPECT_EQ(text.rfind("<svg", 0), 0u) << svg;
    EXPECT_EQ(text.find("no data"), std::string::npos) << svg;
  }
  // Every mode of the sweep at every writer count, sealog's and the peers'.
  const std::string append = ReadFile(report + "/append.jsonl");
  for (const char* mode : {"none", "batch", "sync"}) {
    for (int writers : {1, 2, 4, 8}) {
      const std::string key =
          std::string(R"("bench":"append-writers","engine":"sealog","mode":")") + mode +
          R"(","writers":)" + std::to_string(writers) + ",";
      EXPECT_NE(append.find(key), std::string::npos) << key;
    }
  }

  // The report again from the same figures: the same page.
  fs::remove(report + "/REPORT.md");
  ASSERT_EQ(RunBench("report " + report, log), 0) << ReadFile(log);
  EXPECT_EQ(ReadFile(report + "/REPORT.md"), md);

  // A directory that holds a report already is refused, before any run.
  EXPECT_EQ(RunBench("all --events 3000 --report " + report, log), 2);
  EXPECT_NE(ReadFile(log).find("already holds a report"), std::string::npos) << ReadFile(log);
}

}  // namespace
}  // namespace sealog::bench
