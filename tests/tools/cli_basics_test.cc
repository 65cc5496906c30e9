// --version, --help, init, stats, and the jsonl shape of export.
#include <chrono>
#include <filesystem>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sealog/store.h"
#include "tests/tools/cli_test_util.h"

namespace sealog::testing {
namespace {

TEST(CliBasicsTest, VersionNamesTheSoftwareAndTheOnDiskFormat) {
  const RunResult result = Sealog({"--version"});
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_EQ(result.out, std::string("sealog ") + Version() + " (on-disk format " +
                            std::to_string(FormatVersion()) + ")\n");
}

TEST(CliBasicsTest, HelpListsTheCommandsAndEachCommandHasAnExample) {
  const RunResult result = Sealog({"--help"});
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  for (const char* command : {"init", "append", "tail", "export", "stats"}) {
    EXPECT_NE(result.out.find(command), std::string::npos) << command;
    const RunResult help = Sealog({command, "--help"});
    EXPECT_EQ(help.exit_code, 0) << Describe(help);
    EXPECT_NE(help.out.find("Example"), std::string::npos) << command << "\n" << help.out;
    EXPECT_NE(help.out.find(std::string("sealog ") + command), std::string::npos) << help.out;
  }
}

TEST(CliBasicsTest, InitCreatesAnEmptyStore) {
  TempDir dir;
  const std::string store = dir.Path("a/b/store");
  const RunResult result = Sealog({"init", store});
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_NE(result.out.find("created store " + store), std::string::npos) << result.out;
  // Without --key the root key is generated in the store, with a warning (SPEC.md).
  EXPECT_EQ(SplitLines(result.err).size(), 1u) << result.err;
  EXPECT_NE(result.err.find("warning: a root key was generated inside the store (" + store +
                            "/root.key)"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(ExportRaw(store), "");
}

TEST(CliBasicsTest, InitRefusesADirectoryThatHoldsOtherFiles) {
  TempDir dir;
  WriteFile(dir.Path("precious.txt"), "keep me");
  const RunResult result = Sealog({"init", dir.path()});
  EXPECT_EQ(result.exit_code, 3) << Describe(result);
  EXPECT_EQ(ReadFile(dir.Path("precious.txt")), "keep me");
}

TEST(CliBasicsTest, StatsCountsRecordsAndSegments) {
  TempDir dir;
  const std::string store = dir.Path("store");
  InitStore(store);
  ASSERT_EQ(Sealog({"append", store}, "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n").exit_code, 0);
  RunResult result = Sealog({"stats", store, "--json"});
  ASSERT_EQ(result.exit_code, 0) << Describe(result);
  for (const char* part : {"\"records\":3,", "\"first_seq\":1,", "\"last_seq\":3,",
                           "\"durable_seq\":3,", "\"segments\":[{\"number\":"}) {
    EXPECT_NE(result.out.find(part), std::string::npos) << part << " in " << result.out;
  }
  EXPECT_EQ(result.out.back(), '\n');
  EXPECT_EQ(SplitLines(result.out).size(), 1u);
  result = Sealog({"stats", store});
  ASSERT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_NE(result.out.find("records      3 (seq 1..3)"), std::string::npos) << result.out;
}

// Replaces the value of "ingest_time", which the test cannot know.
std::string WithoutIngestTime(std::string line) {
  const std::string key = "\"ingest_time\":\"";
  const size_t start = line.find(key);
  if (start == std::string::npos) return line;
  const size_t end = line.find('"', start + key.size());
  EXPECT_EQ(end - start - key.size(), 30u) << "not RFC 3339 with 9 digits: " << line;
  return line.substr(0, start + key.size()) + "T" + line.substr(end);
}

TEST(CliBasicsTest, JsonlHasSeqTimesFieldsAndTheEventVerbatim) {
  TempDir dir;
  const std::string store = dir.Path("store");
  InitStore(store);
  const std::string input =
      "{\"timestamp\":\"2026-01-01T01:00:00+01:00\",\"actor\":\"alice\",\"action\":\"login\","
      "\"resource\":\"db\",\"tenant\":\"t1\",\"origin\":\"10.0.0.1\",\"outcome\":\"success\"}\n"
      "  {\"actor\":\"q\\\"b\\\\s\\u0001\\n\\t\xc3\xa9\"}\r\n"
      "{\"ts\":1767225600123}\n";
  ASSERT_EQ(Sealog({"append", store}, input).exit_code, 0);
  const RunResult result = Sealog({"export", store});  // jsonl is the default
  ASSERT_EQ(result.exit_code, 0) << Describe(result);
  const std::vector<std::string> lines = SplitLines(result.out);
  ASSERT_EQ(lines.size(), 3u) << result.out;
  EXPECT_EQ(
      WithoutIngestTime(lines[0]),
      "{\"seq\":1,\"time\":\"2026-01-01T00:00:00.000000000Z\",\"ingest_time\":\"T\","
      "\"actor\":\"alice\",\"action\":\"login\",\"resource\":\"db\",\"tenant\":\"t1\","
      "\"origin\":\"10.0.0.1\",\"outcome\":\"success\",\"event\":"
      "{\"timestamp\":\"2026-01-01T01:00:00+01:00\",\"actor\":\"alice\",\"action\":\"login\","
      "\"resource\":\"db\",\"tenant\":\"t1\",\"origin\":\"10.0.0.1\",\"outcome\":\"success\"}}");
  // No time: the ingest time stands in and is marked; the event is trimmed.
  std::string second = WithoutIngestTime(lines[1]);
  const size_t time_start = second.find("\"time\":\"") + 8;
  second = second.substr(0, time_start) + "T" + second.substr(time_start + 30);
  EXPECT_EQ(second,
            "{\"seq\":2,\"time\":\"T\",\"ingest_time\":\"T\",\"time_missing\":true,"
            "\"actor\":\"q\\\"b\\\\s\\u0001\\n\\t\xc3\xa9\","
            "\"event\":{\"actor\":\"q\\\"b\\\\s\\u0001\\n\\t\xc3\xa9\"}}");
  EXPECT_EQ(WithoutIngestTime(lines[2]),
            "{\"seq\":3,\"time\":\"2026-01-01T00:00:00.123000000Z\",\"ingest_time\":\"T\","
            "\"event\":{\"ts\":1767225600123}}");
}

TEST(CliBasicsTest, ExportOutWritesTheFileOnlyWhenComplete) {
  TempDir dir;
  const std::string store = dir.Path("store");
  InitStore(store);
  ASSERT_EQ(Sealog({"append", store}, ReferenceWorkload()).exit_code, 0);
  const std::string out = dir.Path("out.jsonl");
  WriteFile(out, "old contents\n");
  const RunResult result = Sealog({"export", store, "--format", "raw", "--out", out});
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(ReadFile(out), ReferenceWorkload());
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                          std::filesystem::directory_iterator()),
            2)
      << "a temporary file was left behind";
}

TEST(CliBasicsTest, ExportIntoAClosedPipeEndsQuietly) {
  TempDir dir;
  const std::string store = dir.Path("store");
  InitStore(store);
  ASSERT_EQ(Sealog({"append", store}, ReferenceWorkload()).exit_code, 0);
  std::unique_ptr<Child> child = Child::Spawn({SealogBin(), "export", store});
  ASSERT_TRUE(child->WaitForStdout("\n", std::chrono::seconds(20)));
  child->CloseStdout();  // like `sealog export STORE | head -1`
  const RunResult result = child->Wait();
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_EQ(result.err, "");
}

}  // namespace
}  // namespace sealog::testing
