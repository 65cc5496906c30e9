#include "tests/engine/tier/tier_test_util.h"

#include <gtest/gtest.h>

#include "engine/io/env.h"
#include "tests/engine/test_util.h"

namespace sealog::testing {

Options TierStoreOptions(std::string_view retention) {
  Options options;
  options.create_if_missing = true;
  options.durability = Durability::kNone;
  // The store's config.toml governs the segment size once there is one.
  options.config_toml = "[segments]\nsize_max = \"16KiB\"\n[retention]\n";
  options.config_toml.append(retention);
  return options;
}

std::unique_ptr<Store> OpenOrDie(const std::string& path, const Options& options) {
  Result<std::unique_ptr<Store>> store = Store::Open(path, options);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

void AppendRange(Store& store, uint64_t first, uint64_t last) {
  for (uint64_t n = first; n <= last; ++n) {
    TestEvent e(n, kEventPad);
    ASSERT_TRUE(store.Append(e.event).ok());
  }
}

int64_t Now() { return io::NewPosixEnv()->NowNanos(); }

}  // namespace sealog::testing
