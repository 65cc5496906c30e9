// sealog report: counts by field as a table and as JSON, over a time range and
// the records a query matches; the store holds sealed and unsealed records.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "tests/tools/cli_test_util.h"

namespace sealog::testing {
namespace {

// Six events over three days: alice 3 (one failed), bob 2 (both failed), carol 1.
constexpr char kSealed[] =
    "{\"timestamp\":\"2026-03-01T10:00:00Z\",\"actor\":\"alice\",\"action\":\"login\","
    "\"outcome\":\"success\",\"origin\":\"10.0.0.1\"}\n"
    "{\"timestamp\":\"2026-03-01T11:00:00Z\",\"actor\":\"bob\",\"action\":\"login\","
    "\"outcome\":\"failure\",\"origin\":\"10.0.0.2\"}\n"
    "{\"timestamp\":\"2026-03-02T09:00:00Z\",\"actor\":\"alice\",\"action\":\"delete\","
    "\"outcome\":\"failure\",\"origin\":\"10.0.0.1\"}\n";
constexpr char kActive[] =
    "{\"timestamp\":\"2026-03-02T12:00:00Z\",\"actor\":\"bob\",\"action\":\"delete\","
    "\"outcome\":\"failure\",\"origin\":\"10.0.0.2\"}\n"
    "{\"timestamp\":\"2026-03-03T08:00:00Z\",\"actor\":\"carol\",\"action\":\"login\","
    "\"outcome\":\"success\"}\n"
    "{\"timestamp\":\"2026-03-03T09:00:00Z\",\"actor\":\"alice\",\"action\":\"logout\"}\n";

class ReportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = dir_.Path("store");
    InitStore(store_);
    ASSERT_EQ(Sealog({"append", store_}, kSealed).exit_code, 0);
    ASSERT_EQ(Sealog({"seal", store_}).exit_code, 0);
    ASSERT_EQ(Sealog({"append", store_}, kActive).exit_code, 0);
  }

  RunResult Report(std::vector<std::string> args) {
    args.insert(args.begin(), {"report", store_});
    return Sealog(args);
  }

  TempDir dir_;
  std::string store_;
};

TEST_F(ReportCliTest, TableIsLargestFirstWithASummaryOnStderr) {
  const RunResult result = Report({"--by", "actor"});
  ASSERT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_EQ(result.out,
            "       count   share  actor\n"
            "           3   50.0%  alice\n"
            "           2   33.3%  bob\n"
            "           1   16.7%  carol\n");
  EXPECT_EQ(result.err, "6 records, 3 distinct actor values, 0 without one\n");
}

TEST_F(ReportCliTest, QueryAndTimeRangeNarrowTheRecords) {
  RunResult result = Report({"--by", "actor", "--query", "outcome:failure"});
  ASSERT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_EQ(result.out,
            "       count   share  actor\n"
            "           2   66.7%  bob\n"
            "           1   33.3%  alice\n");
  // --until is exclusive: bob's failure at 2026-03-02T12:00:00Z is left out.
  result = Report({"--by", "origin", "--query", "outcome:failure OR action:logout", "--since",
                   "2026-03-01T10:30:00Z", "--until", "2026-03-02T12:00:00Z"});
  ASSERT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_EQ(result.out,
            "       count   share  origin\n"
            "           1   50.0%  10.0.0.1\n"
            "           1   50.0%  10.0.0.2\n");
  EXPECT_EQ(result.err, "2 records, 2 distinct origin values, 0 without one\n");
}

TEST_F(ReportCliTest, JsonHasTheRowsAndTheCounts) {
  const RunResult result = Report({"--by", "outcome", "--top", "1", "--json", "--query", "*"});
  ASSERT_EQ(result.exit_code, 0) << Describe(result);
  simdjson::dom::parser parser;
  simdjson::dom::element report;
  ASSERT_EQ(parser.parse(result.out).get(report), simdjson::SUCCESS) << result.out;
  EXPECT_EQ(std::string_view(report["by"]), "outcome");
  EXPECT_EQ(uint64_t(report["records"]), 6u);
  EXPECT_EQ(uint64_t(report["absent"]), 1u);
  EXPECT_EQ(uint64_t(report["distinct"]), 2u);
  simdjson::dom::array rows = report["rows"];
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(std::string_view(rows.at(0)["value"]), "failure");
  EXPECT_EQ(uint64_t(rows.at(0)["count"]), 3u);
}

TEST_F(ReportCliTest, ABadQueryNamesTheColumn) {
  const RunResult result = Report({"--by", "actor", "--query", "actor:alice AND ("});
  EXPECT_EQ(result.exit_code, 2) << Describe(result);
  EXPECT_NE(result.err.find("sealog report --query"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("column"), std::string::npos) << result.err;
  EXPECT_EQ(result.out, "");
}

// A report that stdout does not take (here a full disk) is an error, as for
// every other command, and not an exit 0 with the counts lost.
TEST_F(ReportCliTest, AStdoutThatTakesNothingIsAnEnvironmentError) {
  for (const char* format : {"", " --json"}) {
    const std::string command =
        std::string("exec \"$0\" report \"$1\" --by actor") + format + " >/dev/full";
    const RunResult result = testing::Run({"/bin/sh", "-c", command, SealogBin(), store_});
    EXPECT_EQ(result.exit_code, 3) << format << ": " << Describe(result);
  }
}

}  // namespace
}  // namespace sealog::testing
