// Bad command lines: each is exit 2 with one line on stderr, and the store is
// left as it was. Plus the environment errors every command shares (exit 3).
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/tools/cli_test_util.h"

namespace sealog::testing {
namespace {

constexpr std::string_view kEvents = "{\"actor\":\"alice\"}\n{\"actor\":\"bob\"}\n";

struct BadFlags {
  const char* name;
  std::vector<std::string> args;  // "STORE" is replaced by the store's path
  const char* message_part;       // expected somewhere in the error line
};

void PrintTo(const BadFlags& bad, std::ostream* out) { *out << bad.name; }

std::vector<BadFlags> BadFlagCases() {
  return {
      {"NoCommand", {}, ""},
      {"UnknownCommand", {"frobnicate", "STORE"}, "frobnicate"},
      {"InitWithoutStore", {"init"}, "STORE"},
      {"InitKeyNotAKey", {"init", "STORE-new", "--key", "STORE/MANIFEST"}, "not a sealog key file"},
      {"InitUnknownFlag", {"init", "STORE-new", "--force"}, "--force"},
      {"KeygenWithoutOut", {"keygen"}, "--out"},
      {"KeygenDirectoryPrefix", {"keygen", "--out", "STORE-new/"}, "prefix"},
      {"SealWithoutStore", {"seal"}, "STORE"},
      {"VerifyUnknownFlag", {"verify", "STORE", "--fast"}, "--fast"},
      {"VerifyPubkeyNotAKey", {"verify", "STORE", "--pubkey", "STORE/SEALS"}, "not a sealog key"},
      {"DumpSegmentNotANumber", {"dump", "STORE", "first"}, "first"},
      {"DumpNoSuchSegment", {"dump", "STORE", "99"}, "no segment 99"},
      {"AppendWithoutStore", {"append"}, "STORE"},
      {"AppendUnknownFlag", {"append", "STORE", "--nope"}, "--nope"},
      {"AppendDurability", {"append", "STORE", "--durability", "fast"}, "fast"},
      {"AppendDurabilityMissing", {"append", "STORE", "--durability"}, "--durability"},
      {"AppendOnError", {"append", "STORE", "--on-error", "maybe"}, "maybe"},
      {"AppendMapWithoutEquals", {"append", "STORE", "--map", "actor"}, "actor"},
      {"AppendMapUnknownField", {"append", "STORE", "--map", "colour=paint"}, "colour"},
      {"AppendMapEmptyPath", {"append", "STORE", "--map", "actor="}, "actor"},
      {"AppendMapMissing", {"append", "STORE", "--map"}, "--map"},
      {"AppendMaxEventBytesText", {"append", "STORE", "--max-event-bytes", "lots"}, "lots"},
      {"AppendMaxEventBytesZero", {"append", "STORE", "--max-event-bytes", "0"}, "0"},
      {"AppendMaxEventBytesNegative", {"append", "STORE", "--max-event-bytes", "-5"}, "-5"},
      {"TailLinesText", {"tail", "STORE", "-n", "many"}, "many"},
      {"TailLinesNegative", {"tail", "STORE", "-n", "-3"}, "-3"},
      {"TailUnknownFlag", {"tail", "STORE", "--since", "1h"}, "--since"},
      {"TailFormatUnknown", {"tail", "STORE", "--format", "xml"}, "sealog tail --format"},
      {"ExportFormatUnknown", {"export", "STORE", "--format", "xml"}, "unknown format xml"},
      {"ExportFormatCase", {"export", "STORE", "--format", "CSV"}, "csv, cef, syslog"},
      {"ExportBadQuery", {"export", "STORE", "--query", "actr:alice"}, "column 1"},
      {"ExportBadSince", {"export", "STORE", "--since", "yesterday"}, "--since"},
      {"QueryWithoutExpression", {"query", "STORE"}, "EXPR"},
      {"QueryBadField", {"query", "STORE", "actr:alice"}, "column 1"},
      {"QueryUnbalanced", {"query", "STORE", "(actor:alice"}, "column"},
      {"QueryDanglingOperator", {"query", "STORE", "actor:alice AND"}, "column"},
      {"QueryLimitText", {"query", "STORE", "*", "--limit", "some"}, "some"},
      {"QueryFormatUnknown", {"query", "STORE", "*", "--format", "xml"}, "xml"},
      {"ReportWithoutBy", {"report", "STORE"}, "--by"},
      {"ReportUnknownField", {"report", "STORE", "--by", "colour"}, "colour"},
      {"ReportBadUntil", {"report", "STORE", "--by", "actor", "--until", "soon"}, "--until"},
      {"ReportBadQuery", {"report", "STORE", "--by", "actor", "--query", "actr:x"}, "column 1"},
      {"ExportTwoStores", {"export", "STORE", "STORE"}, ""},
      {"StatsUnknownFlag", {"stats", "STORE", "--yaml"}, "--yaml"},
  };
}

class BadFlagsTest : public ::testing::TestWithParam<BadFlags> {};

TEST_P(BadFlagsTest, ExitsTwoWithOneLineAndLeavesTheStoreAlone) {
  TempDir dir;
  const std::string store = dir.Path("store");
  InitStore(store);
  ASSERT_EQ(Sealog({"append", store}, kEvents).exit_code, 0);
  std::vector<std::string> args;
  for (const std::string& arg : GetParam().args) {
    args.push_back(arg.rfind("STORE", 0) == 0 ? store + arg.substr(5) : arg);
  }
  // Input for append, in case it got as far as reading (it must not).
  const RunResult result = Sealog(args, "{\"actor\":\"mallory\"}\n");
  EXPECT_EQ(result.exit_code, 2) << Describe(result);
  const std::vector<std::string> lines = SplitLines(result.err);
  ASSERT_EQ(lines.size(), 1u) << Describe(result);
  EXPECT_EQ(lines[0].rfind("sealog: ", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find(GetParam().message_part), std::string::npos) << lines[0];
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(ExportRaw(store), kEvents);
  EXPECT_FALSE(std::filesystem::exists(store + "-new"));
}

INSTANTIATE_TEST_SUITE_P(Flags, BadFlagsTest, ::testing::ValuesIn(BadFlagCases()),
                         [](const auto& info) { return std::string(info.param.name); });

// Exit 3 with one line that says what to do.
void ExpectEnvironmentError(const RunResult& result, std::string_view part) {
  EXPECT_EQ(result.exit_code, 3) << Describe(result);
  const std::vector<std::string> lines = SplitLines(result.err);
  ASSERT_EQ(lines.size(), 1u) << Describe(result);
  EXPECT_NE(lines[0].find(part), std::string::npos) << lines[0];
}

TEST(EnvironmentErrorsTest, MissingStoreSaysHowToCreateIt) {
  TempDir dir;
  const std::string store = dir.Path("nowhere");
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"append", store},
                                             {"export", store},
                                             {"tail", store},
                                             {"stats", store},
                                             {"seal", store}}) {
    SCOPED_TRACE(args[0]);
    ExpectEnvironmentError(Sealog(args, "{}\n"), "sealog init " + store);
  }
  EXPECT_FALSE(std::filesystem::exists(store));
}

TEST(EnvironmentErrorsTest, InitRefusesAnExistingStore) {
  TempDir dir;
  const std::string store = dir.Path("store");
  InitStore(store);
  ASSERT_EQ(Sealog({"append", store}, kEvents).exit_code, 0);
  ExpectEnvironmentError(Sealog({"init", store}), "store already exists");
  EXPECT_EQ(ExportRaw(store), kEvents);
}

TEST(EnvironmentErrorsTest, MissingInputFileAppendsNothing) {
  TempDir dir;
  const std::string store = dir.Path("store");
  InitStore(store);
  const std::string good = dir.Path("good.jsonl");
  WriteFile(good, kEvents);
  ExpectEnvironmentError(Sealog({"append", store, good, dir.Path("typo.jsonl")}), "typo.jsonl");
  EXPECT_EQ(ExportRaw(store), "");
}

TEST(EnvironmentErrorsTest, ExportToAnUnwritablePlaceKeepsNothingBehind) {
  TempDir dir;
  const std::string store = dir.Path("store");
  InitStore(store);
  ASSERT_EQ(Sealog({"append", store}, kEvents).exit_code, 0);
  ExpectEnvironmentError(Sealog({"export", store, "--out", dir.Path("no/such/dir/out.jsonl")}),
                         "no/such/dir");
}

}  // namespace
}  // namespace sealog::testing
