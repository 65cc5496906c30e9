// A store's configuration (SPEC.md "Configuration"): a TOML file given when
// the store is created (Options::config_toml, `sealog init --config FILE`)
// and kept inside it as config.toml, so that every process opening the store
// follows the same policy.
//
//   [segments]
//   size_max = "64MiB"        # roll over to a new segment past this size
//   seal_interval = "60s"     # seal the active segment at least this often
//   [retention]
//   warm_after = "7d"         # ages count from a segment's seal time
//   cold_after = "90d"
//   delete_after = "7y"       # "never" keeps everything (the default)
//   [compression]
//   warm_level = 3
//   cold_level = 12
//
// Every key is optional; an unknown section or key, a value of the wrong
// type, or ages out of order (warm before cold before delete) are errors, so
// a typo never silently falls back to a default. The ages and levels act
// when retention runs (Store::RunRetention, `sealog retention STORE run`);
// delete_after is checked and kept, but deletion is still to come
// (docs/CONFIG.md).
#ifndef SEALOG_CONFIG_H_
#define SEALOG_CONFIG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sealog/status.h"

namespace sealog {

struct Options;

struct StoreConfig {
  // The name of the file inside the store.
  static constexpr std::string_view kFileName = "config.toml";

  uint64_t segment_size_max = 64ull << 20;
  uint64_t seal_interval_ms = 60'000;
  // nullopt: never.
  std::optional<uint64_t> warm_after_ms = 7ull * 86'400'000;
  std::optional<uint64_t> cold_after_ms = 90ull * 86'400'000;
  std::optional<uint64_t> delete_after_ms;
  int warm_level = 3;
  // 12, not 19: on record columns it already makes archives smaller than
  // zstd -19 of the raw lines, at about 30x its speed (docs/BENCHMARKS.md).
  int cold_level = 12;

  // Parses and checks a TOML text. Errors (kInvalidArgument) are one line
  // naming the line and the key: `line 6: retention.delete_afer: unknown key;
  // expected warm_after, cold_after or delete_after`.
  static Result<StoreConfig> Parse(std::string_view toml);

  // Sets the options this configuration governs: segment_size_max and
  // segment_age_max_ms (the seal interval).
  void ApplyTo(Options* options) const;
};

// "30s", "15m", "12h", "90d", "7y" (365 days), or a bare number of seconds,
// as milliseconds. Errors say what is expected.
Result<uint64_t> ParseDurationMs(std::string_view text);
// "64MiB", "1GiB", "512KiB", "4096" (bytes); KB, MB, GB are powers of 1000.
Result<uint64_t> ParseByteSize(std::string_view text);

}  // namespace sealog

#endif  // SEALOG_CONFIG_H_
