// The output formats through query, tail and export, end to end: each
// command writes the header of csv and table once, then one line (or CSV row)
// per record, and an unknown format is a usage error.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "tests/tools/cli_test_util.h"

namespace sealog::testing {
namespace {

// Three events with values that need escaping in every format.
constexpr std::string_view kEvents =
    "{\"time\":\"2024-03-03T10:00:00Z\",\"actor\":\"alice|x=y\",\"action\":\"DeleteObject\","
    "\"resource\":\"payroll/2024\\\"q\\\"]\",\"origin\":\"10.1.2.3\",\"outcome\":\"failure\"}\n"
    "{\"time\":\"2024-03-03T10:00:01Z\",\"actor\":\"bob, jr.\",\"action\":\"ConsoleLogin\","
    "\"outcome\":\"success\",\"origin\":\"vpn.example.com\"}\n"
    "{\"time\":\"2024-03-03T10:00:02Z\",\"actor\":\"caf\\u00e9\\nnewline\",\"action\":"
    "\"GetObject\","
    "\"outcome\":\"success\"}\n";

class FormatsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitStore(store_);
    const RunResult append = Sealog({"append", store_}, kEvents);
    ASSERT_EQ(append.exit_code, 0) << Describe(append);
  }
  RunResult Run(std::vector<std::string> args) {
    args.insert(args.begin() + 1, store_);
    RunResult result = Sealog(args);
    EXPECT_EQ(result.exit_code, 0) << Describe(result);
    return result;
  }

  TempDir dir_;
  const std::string store_ = dir_.Path("store");
};

TEST_F(FormatsCliTest, CsvFromExportHasAHeaderAndOneRowPerRecord) {
  const std::string csv = dir_.Path("out.csv");
  Run({"export", "--format", "csv", "--out", csv});
  const std::string text = ReadFile(csv);
  EXPECT_EQ(text.rfind("seq,time,ingest_time,time_missing,actor,", 0), 0u) << text;
  if (std::system("python3 -c 'import csv' 2>/dev/null") != 0) GTEST_SKIP() << "no python3";
  const std::string rows_file = dir_.Path("rows");
  const std::string command =
      "python3 -c \"import csv, sys\n"
      "rows = list(csv.reader(open(sys.argv[1], newline=''), strict=True))\n"
      "print(len(rows), rows[1][4], rows[2][4], sep='|')\" " +
      csv + " > " + rows_file;
  ASSERT_EQ(std::system(command.c_str()), 0);
  EXPECT_EQ(ReadFile(rows_file), "4|alice|x=y|bob, jr.\n");
}

TEST_F(FormatsCliTest, QueryWritesCefOnlyForTheMatches) {
  const RunResult result = Run({"query", "outcome:failure", "--format", "cef"});
  const std::vector<std::string> lines = SplitLines(result.out);
  ASSERT_EQ(lines.size(), 1u) << result.out;
  EXPECT_EQ(lines[0].rfind("CEF:0|sealog|sealog|", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find("suser=alice|x\\=y"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("src=10.1.2.3"), std::string::npos) << lines[0];
}

TEST_F(FormatsCliTest, QueryWithNoMatchStillWritesTheCsvHeader) {
  const RunResult result = Run({"query", "actor:nobody", "--format", "csv"});
  EXPECT_EQ(SplitLines(result.out).size(), 1u) << result.out;
  EXPECT_EQ(result.out.rfind("seq,", 0), 0u);
}

TEST_F(FormatsCliTest, TailWritesSyslogAndTable) {
  RunResult result = Run({"tail", "-n", "2", "--format", "syslog"});
  std::vector<std::string> lines = SplitLines(result.out);
  ASSERT_EQ(lines.size(), 2u) << result.out;
  EXPECT_EQ(lines[0].rfind("<110>1 2024-03-03T10:00:01.000000Z ", 0), 0u) << lines[0];
  EXPECT_NE(lines[1].find("actor=\"caf\xC3\xA9 newline\""), std::string::npos) << lines[1];

  result = Run({"tail", "--format", "table"});
  lines = SplitLines(result.out);
  ASSERT_EQ(lines.size(), 4u) << result.out;
  EXPECT_NE(lines[0].find("SEQ"), std::string::npos);
  EXPECT_NE(lines[3].find("caf\xC3\xA9\\nnewline"), std::string::npos) << lines[3];
}

TEST_F(FormatsCliTest, OcsfIsOneJsonObjectPerRecord) {
  const RunResult result = Run({"export", "--format", "ocsf"});
  const std::vector<std::string> lines = SplitLines(result.out);
  ASSERT_EQ(lines.size(), 3u);
  simdjson::dom::parser parser;
  std::vector<int64_t> classes;
  for (const std::string& line : lines) {
    simdjson::dom::element event;
    ASSERT_EQ(parser.parse(line).get(event), simdjson::SUCCESS) << line;
    classes.push_back(event["class_uid"].get_int64().value());
  }
  EXPECT_EQ(classes, (std::vector<int64_t>{6003, 3002, 6003}));
}

TEST(FormatsEmptyStoreTest, TailOfAnEmptyStoreIsJustTheHeader) {
  TempDir dir;
  InitStore(dir.Path("store"));
  const RunResult result = Sealog({"tail", dir.Path("store"), "--format", "csv"});
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_EQ(SplitLines(result.out).size(), 1u) << result.out;
}

}  // namespace
}  // namespace sealog::testing
