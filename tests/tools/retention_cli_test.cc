// `sealog retention STORE run [--now T] [--dry-run]` and what `stats` says
// per tier afterwards; queries, export and verify read warm segments as hot.
#include <chrono>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "sealog/ingest.h"
#include "tests/tools/cli_test_util.h"

namespace sealog::testing {
namespace {

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

class RetentionCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = dir_.Path("store");
    WriteFile(dir_.Path("audit.toml"),
              "[segments]\nsize_max = \"256KiB\"\n[retention]\nwarm_after = \"30d\"\n"
              "cold_after = \"never\"\n");
    const RunResult init = Sealog({"init", store_, "--config", dir_.Path("audit.toml")});
    ASSERT_EQ(init.exit_code, 0) << Describe(init);
    const RunResult append = Sealog({"append", store_}, ReferenceWorkload());
    ASSERT_EQ(append.exit_code, 0) << Describe(append);
    ASSERT_EQ(Sealog({"seal", store_}).exit_code, 0);
  }

  TempDir dir_;
  std::string store_;
};

TEST_F(RetentionCliTest, MovesWhatIsDueAndEverythingReadsTheSame) {
  const std::string before = ExportRaw(store_);
  const RunResult failures = Sealog({"query", store_, "outcome:failure", "--count"});
  ASSERT_EQ(failures.exit_code, 0) << Describe(failures);

  // Today nothing is 30 days old.
  RunResult now = Sealog({"retention", store_, "run"});
  ASSERT_EQ(now.exit_code, 0) << Describe(now);
  EXPECT_NE(now.out.find("nothing is due"), std::string::npos) << now.out;

  RunResult dry = Sealog({"retention", store_, "run", "--now", "2099-01-01T00:00:00Z", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << Describe(dry);
  const size_t due = Count(dry.out, "would move hot segment");
  EXPECT_GT(due, 10u) << dry.out;
  EXPECT_NE(dry.out.find("(dry run): " + std::to_string(due) + " segments would move"),
            std::string::npos)
      << dry.out;
  EXPECT_EQ(Count(Sealog({"stats", store_}).out, " warm"), 0u);

  // `retention run STORE` is the same command.
  RunResult run = Sealog({"retention", "run", store_, "--now", "2099-01-01T00:00:00Z"});
  ASSERT_EQ(run.exit_code, 0) << Describe(run);
  EXPECT_EQ(Count(run.out, "moved hot segment"), due) << run.out;
  EXPECT_NE(run.out.find("x smaller)"), std::string::npos) << run.out;

  const RunResult stats = Sealog({"stats", store_, "--json"});
  ASSERT_EQ(stats.exit_code, 0);
  EXPECT_EQ(Count(stats.out, "\"tier\":\"warm\""), due) << stats.out.substr(0, 400);
  EXPECT_NE(stats.out.find("\"warm\":{\"segments\":" + std::to_string(due) + ","),
            std::string::npos)
      << stats.out;
  const RunResult text = Sealog({"stats", store_});
  EXPECT_NE(text.out.find("  warm     "), std::string::npos) << text.out;

  // dump shows a warm segment's own bytes, and says where they come from.
  const RunResult dump = Sealog({"dump", store_, "1", "--records"});
  EXPECT_EQ(dump.exit_code, 0) << Describe(dump);
  EXPECT_NE(dump.out.find("# 00000001.wrm: warm, "), std::string::npos) << dump.out.substr(0, 2000);
  EXPECT_NE(dump.out.find("segment 00000001.wrm ("), std::string::npos);
  EXPECT_NE(dump.out.find("closed, warm"), std::string::npos);
  EXPECT_NE(dump.out.find("  @0   magic           SEALOGSG"), std::string::npos);

  EXPECT_EQ(ExportRaw(store_), before);
  EXPECT_EQ(Sealog({"query", store_, "outcome:failure", "--count"}).out, failures.out);
  const RunResult verify = Sealog({"verify", store_, "--strict", "--pubkey",
                                   store_ + "/root.pub"});
  EXPECT_NE(verify.exit_code, 1) << Describe(verify);
  EXPECT_NE(verify.out.find("result            ok"), std::string::npos) << verify.out;
}

TEST(ColdRetentionCliTest, PacksArchivesThatVerifyInTheStoreAndOnTheirOwn) {
  TempDir dir;
  const std::string store = dir.Path("store");
  WriteFile(dir.Path("audit.toml"),
            "[segments]\nsize_max = \"256KiB\"\n[retention]\nwarm_after = \"30d\"\n"
            "cold_after = \"60d\"\n");
  ASSERT_EQ(Sealog({"init", store, "--config", dir.Path("audit.toml")}).exit_code, 0);
  ASSERT_EQ(Sealog({"append", store}, ReferenceWorkload()).exit_code, 0);
  ASSERT_EQ(Sealog({"seal", store}).exit_code, 0);
  const std::string before = ExportRaw(store);
  const RunResult failures = Sealog({"query", store, "outcome:failure", "--count"});
  ASSERT_EQ(failures.exit_code, 0) << Describe(failures);

  // Warm at 40 days, cold at 70: warm segments move again, into one archive.
  const auto days_from_now = [](int64_t days) {
    const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    return FormatRfc3339(now + days * 86'400'000'000'000);
  };
  ASSERT_EQ(Sealog({"retention", store, "run", "--now", days_from_now(40)}).exit_code, 0);
  RunResult run = Sealog({"retention", store, "run", "--now", days_from_now(70)});
  ASSERT_EQ(run.exit_code, 0) << Describe(run);
  const size_t moved = Count(run.out, "moved warm segment");
  EXPECT_GT(moved, 10u) << run.out;
  EXPECT_EQ(Count(run.out, " to cold ("), moved) << run.out;
  const std::string archive = "00000001-" + std::string(8 - std::to_string(moved).size(), '0') +
                              std::to_string(moved) + ".arc";
  ASSERT_TRUE(std::filesystem::exists(store + "/" + archive)) << archive;
  const RunResult stats = Sealog({"stats", store, "--json"});
  EXPECT_EQ(Count(stats.out, "\"tier\":\"cold\""), moved) << stats.out.substr(0, 400);

  EXPECT_EQ(ExportRaw(store), before);
  EXPECT_EQ(Sealog({"query", store, "outcome:failure", "--count"}).out, failures.out);
  const RunResult verify = Sealog({"verify", store, "--pubkey", store + "/root.pub"});
  EXPECT_EQ(verify.exit_code, 0) << Describe(verify);

  // The archive copied anywhere verifies alone, and says it is an archive.
  const std::string copy = dir.Path("vault-2099-q1.arc");
  std::filesystem::copy_file(store + "/" + archive, copy);
  const RunResult alone = Sealog({"verify", copy, "--pubkey", store + "/root.pub", "--strict"});
  EXPECT_EQ(alone.exit_code, 0) << Describe(alone);
  EXPECT_NE(alone.out.find("archive           " + copy), std::string::npos) << alone.out;
  EXPECT_NE(alone.out.find("result            ok"), std::string::npos) << alone.out;
  const RunResult json = Sealog({"verify", copy, "--json"});
  EXPECT_EQ(json.out.rfind("{\"archive\":", 0), 0u) << json.out;
  EXPECT_EQ(Sealog({"verify", copy, "--anchor", copy}).exit_code, 2);

  // A damaged copy fails with the right kind, naming the file.
  std::string bytes = ReadFile(copy);
  bytes[100] ^= 0x10;
  WriteFile(copy, bytes);
  const RunResult damaged = Sealog({"verify", copy});
  EXPECT_EQ(damaged.exit_code, 1) << Describe(damaged);
  EXPECT_EQ(damaged.out.rfind("corrupt segment 1 ", 0), 0u) << damaged.out;
  EXPECT_NE(damaged.out.find("vault-2099-q1.arc"), std::string::npos) << damaged.out;
}

TEST(HoldCliTest, HoldsKeepRecordsThroughDeletionAndConfigChangesAreLogged) {
  TempDir dir;
  const std::string store = dir.Path("store");
  WriteFile(dir.Path("audit.toml"), "[segments]\nsize_max = \"256KiB\"\n");
  ASSERT_EQ(Sealog({"init", store, "--config", dir.Path("audit.toml")}).exit_code, 0);
  ASSERT_EQ(Sealog({"append", store}, ReferenceWorkload()).exit_code, 0);
  // Bad holds are exit 2; a good one prints its id.
  EXPECT_EQ(Sealog({"hold", store, "add", "--query", "outcome:failure"}).exit_code, 2);
  EXPECT_EQ(Sealog({"hold", store, "add", "--reason", "x"}).exit_code, 2);
  EXPECT_EQ(Sealog({"hold", store, "add", "--reason", "x", "--query", "actor:("}).exit_code, 2);
  EXPECT_EQ(Sealog({"hold", store, "remove", "99999999"}).exit_code, 2);
  EXPECT_EQ(Sealog({"hold", store, "frobnicate"}).exit_code, 2);
  const RunResult placed =
      Sealog({"hold", "add", store, "--reason", "case 2026-114", "--query", "seq:[1 TO 100]"});
  ASSERT_EQ(placed.exit_code, 0) << Describe(placed);
  ASSERT_EQ(placed.out.rfind("placed hold ", 0), 0u) << placed.out;
  const std::string id = placed.out.substr(12, placed.out.find(' ', 12) - 12);
  const RunResult list = Sealog({"hold", store, "list"});
  EXPECT_NE(list.out.find("hold " + id + " placed "), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("query seq:[1 TO 100] (case 2026-114)"), std::string::npos) << list.out;
  EXPECT_NE(Sealog({"hold", store, "list", "--json"}).out.find("\"reason\":\"case 2026-114\""),
            std::string::npos);

  // Deletion becomes policy through `config set`, itself an event in the log.
  WriteFile(dir.Path("delete.toml"),
            "[segments]\nsize_max = \"256KiB\"\n[retention]\ndelete_after = \"1y\"\n");
  WriteFile(dir.Path("bad.toml"), "[retention]\ndelete_after = \"1 y\"\n");
  EXPECT_EQ(Sealog({"config", store, "set", dir.Path("bad.toml")}).exit_code, 2);
  const RunResult set = Sealog({"config", store, "set", dir.Path("delete.toml")});
  ASSERT_EQ(set.exit_code, 0) << Describe(set);
  EXPECT_NE(Sealog({"config", store, "show"}).out.find("delete_after = \"1y\""), std::string::npos);
  EXPECT_EQ(Sealog({"query", store, "action:sealog.config.change", "--count"}).out, "1\n");
  ASSERT_EQ(Sealog({"seal", store}).exit_code, 0);

  const RunResult run = Sealog({"retention", store, "run", "--now", "2099-01-01T00:00:00Z"});
  ASSERT_EQ(run.exit_code, 0) << Describe(run);
  EXPECT_NE(run.out.find("deleted "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("kept for a legal hold"), std::string::npos) << run.out;
  // Every held record is still there; verify says the rest expired, and passes.
  EXPECT_EQ(Sealog({"query", store, "seq:[1 TO 100]", "--count"}).out, "100\n");
  EXPECT_EQ(Sealog({"query", store, "seq:[1000 TO 1100]", "--count"}).out, "0\n");
  const RunResult verify = Sealog({"verify", store, "--json"});
  EXPECT_EQ(verify.exit_code, 0) << Describe(verify);
  EXPECT_NE(verify.out.find("\"kind\":\"expired\""), std::string::npos) << verify.out.substr(0, 600);
  EXPECT_EQ(verify.out.find("\"kind\":\"missing\""), std::string::npos) << verify.out.substr(0, 600);
  const RunResult receipts = Sealog({"query", store, "action:sealog.retention.delete"});
  EXPECT_NE(receipts.out.find("\"system\":true"), std::string::npos) << receipts.out.substr(0, 400);

  ASSERT_EQ(Sealog({"hold", store, "remove", id, "--reason", "case closed"}).exit_code, 0);
  EXPECT_NE(Sealog({"hold", store, "list"}).out.find("0 holds in force"), std::string::npos);
  const RunResult again = Sealog({"retention", store, "run", "--now", "2099-01-01T00:00:00Z"});
  ASSERT_EQ(again.exit_code, 0) << Describe(again);
  EXPECT_EQ(Sealog({"query", store, "seq:[1 TO 100]", "--count"}).out, "0\n");
  EXPECT_EQ(Sealog({"verify", store}).exit_code, 0);
}

TEST_F(RetentionCliTest, BadArgumentsAreExit2AndABusyStoreExit3) {
  RunResult missing_run = Sealog({"retention", store_});
  EXPECT_EQ(missing_run.exit_code, 2) << Describe(missing_run);
  RunResult wrong = Sealog({"retention", store_, "go"});
  EXPECT_EQ(wrong.exit_code, 2) << Describe(wrong);
  EXPECT_NE(wrong.err.find("expected 'sealog retention STORE run'"), std::string::npos)
      << wrong.err;
  RunResult bad_time = Sealog({"retention", store_, "run", "--now", "next tuesday"});
  EXPECT_EQ(bad_time.exit_code, 2) << Describe(bad_time);
  EXPECT_NE(bad_time.err.find("--now"), std::string::npos) << bad_time.err;
  RunResult no_store = Sealog({"retention", dir_.Path("nope"), "run"});
  EXPECT_EQ(no_store.exit_code, 3) << Describe(no_store);
}

}  // namespace
}  // namespace sealog::testing
