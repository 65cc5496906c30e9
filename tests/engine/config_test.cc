// StoreConfig: parsing and checking the TOML configuration, and a store that
// keeps it and follows it whoever opens it.
#include "sealog/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "sealog/options.h"
#include "sealog/store.h"
#include "tests/engine/test_util.h"

namespace sealog::testing {
namespace {

constexpr uint64_t kDayMs = 86'400'000;

std::string ParseError(std::string_view toml) {
  Result<StoreConfig> config = StoreConfig::Parse(toml);
  EXPECT_FALSE(config.ok()) << toml;
  return config.ok() ? "" : config.status().message();
}

TEST(StoreConfigTest, TheExampleOfSpecParses) {
  Result<StoreConfig> config = StoreConfig::Parse(R"(
[segments]
size_max = "64MiB"        # roll over to a new segment past this size
seal_interval = "60s"     # seal the active segment at least this often

[retention]
warm_after = "7d"         # compress sealed segments older than this
cold_after = "90d"        # pack them into cold archives
delete_after = "7y"       # then delete, leaving a signed receipt; "never" keeps all

[compression]
warm_level = 3
cold_level = 19
)");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->segment_size_max, 64u << 20);
  EXPECT_EQ(config->seal_interval_ms, 60'000u);
  EXPECT_EQ(config->warm_after_ms, 7 * kDayMs);
  EXPECT_EQ(config->cold_after_ms, 90 * kDayMs);
  EXPECT_EQ(config->delete_after_ms, 7 * 365 * kDayMs);
  EXPECT_EQ(config->warm_level, 3);
  EXPECT_EQ(config->cold_level, 19);
}

TEST(StoreConfigTest, EveryKeyIsOptional) {
  Result<StoreConfig> config = StoreConfig::Parse("");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->segment_size_max, 64u << 20);
  EXPECT_EQ(config->delete_after_ms, std::nullopt);  // never, unless asked
  // An integer is seconds.
  config = StoreConfig::Parse("[retention]\nwarm_after = 3600\ndelete_after = \"never\"\n");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->warm_after_ms, 3'600'000u);
  EXPECT_EQ(config->delete_after_ms, std::nullopt);
}

TEST(StoreConfigTest, TyposAndWrongTypesAreErrorsNamingTheLine) {
  EXPECT_EQ(ParseError("[segments]\nsize_max = \"64MiB\"\nseal_intervl = \"60s\"\n"),
            "line 3: segments.seal_intervl: unknown key; expected size_max or seal_interval");
  EXPECT_EQ(ParseError("[retension]\nwarm_after = \"7d\"\n"),
            "line 1: [retension]: unknown section; expected [segments], [retention] or "
            "[compression]");
  EXPECT_EQ(ParseError("[segments]\nsize_max = \"64 MiB\"\n"),
            "line 2: segments.size_max: expected a size such as 64MiB, 1GiB or 4096, not "
            "\"64 MiB\"");
  EXPECT_EQ(ParseError("[segments]\nseal_interval = true\n"),
            "line 2: segments.seal_interval: expected a duration such as \"90d\"");
  EXPECT_EQ(ParseError("[segments]\nseal_interval = \"never\"\n"),
            "line 2: segments.seal_interval: \"never\" is only for retention ages");
  EXPECT_EQ(ParseError("[compression]\ncold_level = 30\n"),
            "line 2: compression.cold_level: expected a zstd level, an integer from 1 to 22");
  EXPECT_EQ(ParseError("[segments]\nsize_max = \"1KiB\"\n"),
            "line 2: segments.size_max: a segment must hold from 4KiB to 1TiB");
  EXPECT_EQ(ParseError("size_max = 5\n"),
            "line 1: size_max: expected a section ([segments], [retention], [compression])");
  EXPECT_EQ(ParseError("[segments\n").rfind("line 1: ", 0), 0u);
}

// Values of the right kind but out of range, and keys of no section: each
// refused naming the line, the key and what is expected.
TEST(StoreConfigTest, OutOfRangeValuesAndUnknownKeysAreErrorsNamingTheLine) {
  EXPECT_EQ(ParseError("[retention]\nwarm_after = -5\n"),
            "line 2: retention.warm_after: a duration must be positive");
  EXPECT_EQ(ParseError("[retention]\nwarm_after = 9223372036854775807\n"),
            "line 2: retention.warm_after: a duration must be positive")
      << "seconds whose milliseconds overflow";
  EXPECT_EQ(ParseError("[segments]\nsize_max = -4096\n"),
            "line 2: segments.size_max: a size must be positive");
  EXPECT_EQ(ParseError("[segments]\nsize_max = true\n"),
            "line 2: segments.size_max: expected a size such as \"64MiB\"");
  EXPECT_EQ(ParseError("[segments]\nsize_max = 100\n"),
            "line 2: segments.size_max: a segment must hold from 4KiB to 1TiB");
  EXPECT_EQ(ParseError("[segments]\nsize_max = \"2TiB\"\n"),
            "line 2: segments.size_max: a segment must hold from 4KiB to 1TiB");
  EXPECT_EQ(ParseError("[segments]\nseal_interval = 0\n"),
            "line 2: segments.seal_interval: seal at most once a second (1s or more)");
  EXPECT_EQ(ParseError("[retention]\nkeep = \"7d\"\n"),
            "line 2: retention.keep: unknown key; expected warm_after, cold_after or "
            "delete_after");
  EXPECT_EQ(ParseError("[retention]\ncold_after = \"soon\"\n").rfind(
                "line 2: retention.cold_after: ", 0),
            0u);
  EXPECT_EQ(ParseError("[compression]\nlevel = 3\n"),
            "line 2: compression.level: unknown key; expected warm_level or cold_level");
  EXPECT_EQ(ParseError("[compression]\nwarm_level = 0\n"),
            "line 2: compression.warm_level: expected a zstd level, an integer from 1 to 22");
  EXPECT_EQ(ParseError("[compression]\nwarm_level = \"3\"\n"),
            "line 2: compression.warm_level: expected a zstd level, an integer from 1 to 22");
  Result<StoreConfig> config = StoreConfig::Parse("[segments]\nsize_max = 8192\n"
                                                  "[compression]\nwarm_level = 1\ncold_level = 22\n");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->segment_size_max, 8192u);
  EXPECT_EQ(config->warm_level, 1);
  EXPECT_EQ(config->cold_level, 22);
}

TEST(StoreConfigTest, AgesMustGoHotWarmColdDeleted) {
  EXPECT_EQ(ParseError("[retention]\ncold_after = \"1d\"\n"),
            "retention.cold_after (1d) must be later than retention.warm_after (7d; warm_after "
            "is 7d and cold_after 90d unless set)");
  EXPECT_EQ(
      ParseError("[retention]\ndelete_after = \"30d\"\n")
          .rfind("retention.delete_after (30d) must be later than retention.cold_after (90d", 0),
      0u);
  // "never" leaves a stage out.
  EXPECT_TRUE(
      StoreConfig::Parse("[retention]\ncold_after = \"never\"\ndelete_after = \"30d\"\n").ok());
}

TEST(StoreConfigTest, Durations) {
  EXPECT_EQ(*ParseDurationMs("30s"), 30'000u);
  EXPECT_EQ(*ParseDurationMs("15m"), 900'000u);
  EXPECT_EQ(*ParseDurationMs("12h"), 12 * 3'600'000u);
  EXPECT_EQ(*ParseDurationMs("90d"), 90 * kDayMs);
  EXPECT_EQ(*ParseDurationMs("7y"), 7 * 365 * kDayMs);
  EXPECT_EQ(*ParseDurationMs("45"), 45'000u);
  for (std::string_view bad : {"", "d", "-1d", "0s", "1w", "1.5h", "1 d", "99999999999999999y"}) {
    EXPECT_FALSE(ParseDurationMs(bad).ok()) << bad;
  }
}

TEST(StoreConfigTest, Sizes) {
  EXPECT_EQ(*ParseByteSize("64MiB"), 64u << 20);
  EXPECT_EQ(*ParseByteSize("1GiB"), 1u << 30);
  EXPECT_EQ(*ParseByteSize("4096"), 4096u);
  EXPECT_EQ(*ParseByteSize("2MB"), 2'000'000u);
  for (std::string_view bad : {"", "MiB", "64mib", "64 MiB", "1.5GiB", "99999999999TiB"}) {
    EXPECT_FALSE(ParseByteSize(bad).ok()) << bad;
  }
}

// ---- A store with a config.toml.

uint64_t SegmentsAfterAppending(Store& store, int events) {
  for (int i = 0; i < events; ++i) {
    TestEvent event(static_cast<uint64_t>(i), 200);
    EXPECT_TRUE(store.Append(event.event).ok());
  }
  return store.Stats().segments.size();
}

TEST(StoreConfigTest, AStoreKeepsItsConfigAndFollowsItWhoeverOpensIt) {
  TempDir dir;
  const std::string path = dir.Sub("store");
  Options options;
  options.create_if_missing = true;
  options.config_toml = "[segments]\nsize_max = \"16KiB\"  # small, to see rollovers\n";
  {
    Result<std::unique_ptr<Store>> store = Store::Open(path, options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_GT(SegmentsAfterAppending(**store, 200), 2u);
  }
  // Kept byte for byte, comments included.
  EXPECT_EQ(ReadFile(path + "/config.toml"), options.config_toml);
  // Reopened with the default options (64 MiB segments): the config still rules.
  Options reopen;
  const uint64_t before = [&] {
    Result<std::unique_ptr<Store>> store = Store::Open(path, reopen);
    EXPECT_TRUE(store.ok());
    return (*store)->Stats().segments.size();
  }();
  Result<std::unique_ptr<Store>> store = Store::Open(path, reopen);
  ASSERT_TRUE(store.ok());
  EXPECT_GT(SegmentsAfterAppending(**store, 200), before + 2);
}

TEST(StoreConfigTest, ABadConfigCreatesNothing) {
  TempDir dir;
  Options options;
  options.create_if_missing = true;
  options.config_toml = "[segments]\nsize = 1\n";
  Result<std::unique_ptr<Store>> store = Store::Open(dir.Sub("store"), options);
  ASSERT_FALSE(store.ok());
  EXPECT_TRUE(store.status().IsInvalidArgument());
  EXPECT_EQ(store.status().message(),
            "config: line 2: segments.size: unknown key; expected size_max or seal_interval");
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("store")));
}

TEST(StoreConfigTest, ADamagedConfigInTheStoreIsCorruption) {
  TempDir dir;
  const std::string path = dir.Sub("store");
  Options options;
  options.create_if_missing = true;
  options.config_toml = "[segments]\nseal_interval = \"5m\"\n";
  ASSERT_TRUE(Store::Open(path, options).ok());
  WriteFile(path + "/config.toml", "[segments]\nseal_interval = \"5 minutes\"\n");
  Result<std::unique_ptr<Store>> store = Store::Open(path, Options());
  ASSERT_FALSE(store.ok());
  EXPECT_TRUE(store.status().IsCorruption()) << store.status().ToString();
  EXPECT_NE(store.status().message().find("config.toml: line 2: segments.seal_interval"),
            std::string::npos)
      << store.status().message();
}

}  // namespace
}  // namespace sealog::testing
