// Bad input, flag by flag and JSON rule by JSON rule (SPEC.md "Input"): each
// is exactly one line on stderr naming the place, exit 2, and every earlier
// line stays in the store.
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/tools/cli_test_util.h"

namespace sealog::testing {
namespace {

// Good lines around the bad one: line 1, a blank line 2 (counted, skipped),
// line 3, then the bad line 4, then line 5 which must not be stored in stop
// mode. All shorter than 64 bytes for the --max-event-bytes case.
constexpr std::string_view kBefore =
    "{\"actor\":\"alice\",\"action\":\"login\"}\n"
    "\n"
    "{\"actor\":\"bob\",\"action\":\"read\"}\n";
constexpr std::string_view kKept =
    "{\"actor\":\"alice\",\"action\":\"login\"}\n"
    "{\"actor\":\"bob\",\"action\":\"read\"}\n";
constexpr std::string_view kAfter = "{\"actor\":\"carol\",\"action\":\"logout\"}\n";

struct BadLine {
  const char* name;
  std::string line;
  std::vector<std::string> extra_flags;
};

void PrintTo(const BadLine& bad, std::ostream* out) { *out << bad.name; }

std::vector<BadLine> BadLines() {
  std::vector<BadLine> cases = {
      {"NotJson", "hello", {}},
      {"Array", "[1,2,3]", {}},
      {"String", "\"just a string\"", {}},
      {"Number", "42", {}},
      {"Null", "null", {}},
      {"Truncated", "{\"actor\":\"a\"", {}},
      {"TrailingGarbage", "{\"actor\":\"a\"} trailing", {}},
      {"TwoObjects", "{\"a\":1}{\"b\":2}", {}},
      {"InvalidUtf8", "{\"actor\":\"\xff\xfe\"}", {}},
      {"RawControlCharInString", "{\"actor\":\"a\tb\"}", {}},
      {"TimeArray", "{\"timestamp\":[1]}", {}},
      {"TimeBoolean", "{\"time\":true}", {}},
      {"TimeNotATime", "{\"timestamp\":\"yesterday at noon\"}", {}},
      {"TimeOutOfRange", "{\"ts\":\"2026-13-45T99:00:00Z\"}", {}},
      {"TooLongForFlag",
       "{\"actor\":\"" + std::string(80, 'x') + "\"}",
       {"--max-event-bytes", "64"}},
      {"TooLongForBuffer", "{\"actor\":\"" + std::string(3 << 20, 'y') + "\"}", {}},
      {"MappedPathWrongType", "{\"who\":{\"is\":[1]}}", {"--map", "actor=who.is"}},
  };
  for (const char* key : {"actor", "action", "resource", "tenant", "origin", "outcome"}) {
    cases.push_back({key, std::string("{\"") + key + "\":[\"x\"]}", {}});
  }
  return cases;
}

class BadLineTest : public ::testing::TestWithParam<BadLine> {
 protected:
  void SetUp() override { InitStore(store_); }
  std::string Input() const {
    return std::string(kBefore) + GetParam().line + "\n" + std::string(kAfter);
  }
  std::vector<std::string> AppendArgs(std::vector<std::string> more) const {
    std::vector<std::string> args = {"append", store_};
    args.insert(args.end(), more.begin(), more.end());
    args.insert(args.end(), GetParam().extra_flags.begin(), GetParam().extra_flags.end());
    return args;
  }

  TempDir dir_;
  const std::string store_ = dir_.Path("store");
};

TEST_P(BadLineTest, StopsWithOneLineNamingTheFileAndLineAndKeepsEarlierLines) {
  const std::string file = dir_.Path("in.jsonl");
  WriteFile(file, Input());
  const RunResult result = Sealog(AppendArgs({file}));
  EXPECT_EQ(result.exit_code, 2) << Describe(result);
  const std::vector<std::string> lines = SplitLines(result.err);
  ASSERT_EQ(lines.size(), 1u) << Describe(result);
  EXPECT_EQ(lines[0].rfind("sealog: " + file + ":4: ", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find("seq 1..2"), std::string::npos) << lines[0];
  EXPECT_EQ(ExportRaw(store_), kKept);
}

TEST_P(BadLineTest, StopsTheSameWayOnStdin) {
  const RunResult result = Sealog(AppendArgs({}), Input());
  EXPECT_EQ(result.exit_code, 2) << Describe(result);
  const std::vector<std::string> lines = SplitLines(result.err);
  ASSERT_EQ(lines.size(), 1u) << Describe(result);
  EXPECT_EQ(lines[0].rfind("sealog: <stdin>:4: ", 0), 0u) << lines[0];
  EXPECT_EQ(ExportRaw(store_), kKept);
}

TEST_P(BadLineTest, SkipReportsTheLineAndKeepsTheRest) {
  const RunResult result = Sealog(AppendArgs({"--on-error", "skip"}), Input());
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  const std::vector<std::string> lines = SplitLines(result.err);
  ASSERT_EQ(lines.size(), 2u) << Describe(result);
  EXPECT_EQ(lines[0].rfind("sealog: <stdin>:4: ", 0), 0u) << lines[0];
  EXPECT_NE(lines[1].find("appended 3 events, seq 1..3"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("skipped 1 bad line"), std::string::npos) << lines[1];
  EXPECT_EQ(ExportRaw(store_), std::string(kKept) + std::string(kAfter));
}

INSTANTIATE_TEST_SUITE_P(JsonRules, BadLineTest, ::testing::ValuesIn(BadLines()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(AppendErrorsTest, SkipCountsEveryBadLineAndNumbersLinesPerFile) {
  TempDir dir;
  const std::string store = dir.Path("store");
  InitStore(store);
  const std::string first = dir.Path("a.jsonl");
  const std::string second = dir.Path("b.jsonl");
  WriteFile(first, "{\"actor\":\"a\"}\nnope\n{\"actor\":\"b\"}\n");
  WriteFile(second, "[]\n\n{\"actor\":\"c\"}\n{\"actor\":[1]}\n");
  const RunResult result = Sealog({"append", store, first, second, "--on-error", "skip"});
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  const std::vector<std::string> lines = SplitLines(result.err);
  ASSERT_EQ(lines.size(), 4u) << Describe(result);
  EXPECT_EQ(lines[0].rfind("sealog: " + first + ":2: ", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].rfind("sealog: " + second + ":1: ", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2].rfind("sealog: " + second + ":4: ", 0), 0u) << lines[2];
  EXPECT_NE(lines[3].find("appended 3 events, seq 1..3"), std::string::npos) << lines[3];
  EXPECT_NE(lines[3].find("skipped 3 bad lines"), std::string::npos) << lines[3];
  EXPECT_EQ(ExportRaw(store), "{\"actor\":\"a\"}\n{\"actor\":\"b\"}\n{\"actor\":\"c\"}\n");
}

TEST(AppendErrorsTest, BadFirstLineStoresNothing) {
  TempDir dir;
  const std::string store = dir.Path("store");
  InitStore(store);
  const RunResult result = Sealog({"append", store}, "oops\n{\"actor\":\"a\"}\n");
  EXPECT_EQ(result.exit_code, 2) << Describe(result);
  ASSERT_EQ(SplitLines(result.err).size(), 1u) << Describe(result);
  EXPECT_EQ(ExportRaw(store), "");
}

}  // namespace
}  // namespace sealog::testing
