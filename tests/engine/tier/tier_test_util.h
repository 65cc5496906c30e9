// Helpers shared by the tier tests that run a Store on the real file system
// (retention_test.cc, deletion_test.cc): a store of small segments, filled
// with padded TestEvents so that it soon has many of them.
#ifndef SEALOG_TESTS_ENGINE_TIER_TIER_TEST_UTIL_H_
#define SEALOG_TESTS_ENGINE_TIER_TIER_TEST_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "sealog/options.h"
#include "sealog/store.h"

namespace sealog::testing {

inline constexpr int64_t kDayNs = 86'400'000'000'000;
// The padding of every TestEvent AppendRange appends, and so of the events
// tests compare records with: a 16 KiB segment holds a few dozen.
inline constexpr size_t kEventPad = 200;

// Options that create a store, without syncs, whose config.toml has 16 KiB
// segments and `retention` (lines of TOML) as its [retention] section.
Options TierStoreOptions(std::string_view retention);

// The store at `path`, or null after a test failure naming the error.
std::unique_ptr<Store> OpenOrDie(const std::string& path, const Options& options);

// Appends TestEvent(n, kEventPad) for n = first..last; the first error is a
// fatal test failure (call it under ASSERT_NO_FATAL_FAILURE).
void AppendRange(Store& store, uint64_t first, uint64_t last);

// The real clock, in nanoseconds since the epoch: segments sealed by a test
// are this old, so that a retention run at Now() + N * kDayNs judges them N
// days old.
int64_t Now();

}  // namespace sealog::testing

#endif  // SEALOG_TESTS_ENGINE_TIER_TIER_TEST_UTIL_H_
