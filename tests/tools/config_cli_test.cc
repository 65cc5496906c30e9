// `sealog init --config FILE`: the store keeps the configuration and follows
// it; a bad file is exit 2 naming the file and the line, and creates nothing.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "tests/tools/cli_test_util.h"

namespace sealog::testing {
namespace {

TEST(ConfigCliTest, InitKeepsTheConfigAndAppendsFollowIt) {
  TempDir dir;
  const std::string config =
      "[segments]\nsize_max = \"64KiB\"\n[retention]\ndelete_after = \"7y\"\n";
  WriteFile(dir.Path("audit.toml"), config);
  RunResult init = Sealog({"init", dir.Path("store"), "--config", dir.Path("audit.toml")});
  ASSERT_EQ(init.exit_code, 0) << Describe(init);
  EXPECT_EQ(ReadFile(dir.Path("store/config.toml")), config);
  const RunResult append = Sealog({"append", dir.Path("store")}, ReferenceWorkload());
  ASSERT_EQ(append.exit_code, 0) << Describe(append);
  // 4.5 MB in 64 KiB segments rather than one segment of the 64 MiB default.
  const RunResult stats = Sealog({"stats", dir.Path("store"), "--json"});
  ASSERT_EQ(stats.exit_code, 0);
  size_t segments = 0;
  for (size_t at = stats.out.find("\"number\":"); at != std::string::npos;
       at = stats.out.find("\"number\":", at + 1)) {
    ++segments;
  }
  EXPECT_GT(segments, 50u) << stats.out.substr(0, 300);
  const RunResult verify = Sealog({"verify", dir.Path("store")});
  EXPECT_EQ(verify.exit_code, 0) << Describe(verify);
}

TEST(ConfigCliTest, ABadConfigIsExit2WithItsLineAndCreatesNothing) {
  TempDir dir;
  WriteFile(dir.Path("audit.toml"), "[retention]\nwarm_after = \"7d\"\ndelete_afer = \"7y\"\n");
  const RunResult init = Sealog({"init", dir.Path("store"), "--config", dir.Path("audit.toml")});
  EXPECT_EQ(init.exit_code, 2) << Describe(init);
  EXPECT_EQ(init.err,
            "sealog: line 3: retention.delete_afer: unknown key; expected warm_after, cold_after "
            "or delete_after (" +
                dir.Path("audit.toml") +
                "): fix the configuration (docs/CONFIG.md); nothing was created\n");
  EXPECT_FALSE(std::filesystem::exists(dir.Path("store")));
}

TEST(ConfigCliTest, AMissingConfigFileCreatesNothing) {
  TempDir dir;
  const RunResult init = Sealog({"init", dir.Path("store"), "--config", dir.Path("none.toml")});
  EXPECT_NE(init.exit_code, 0);
  EXPECT_NE(init.err.find("none.toml"), std::string::npos) << init.err;
  EXPECT_FALSE(std::filesystem::exists(dir.Path("store")));
}

}  // namespace
}  // namespace sealog::testing
