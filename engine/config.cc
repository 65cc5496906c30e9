// StoreConfig: the store's TOML configuration (sealog/config.h). toml++ is
// included here only.
#include "sealog/config.h"

#include <toml++/toml.h>
#include <array>
#include <charconv>

#include "engine/limits.h"
#include "sealog/options.h"

namespace sealog {
namespace {

constexpr uint64_t kSecond = 1000;
constexpr uint64_t kDay = 86'400 * kSecond;
constexpr uint64_t kSegmentSizeLimit = 1ull << 40;

Status Fail(const toml::node& node, std::string_view key, std::string_view what) {
  return Status::InvalidArgument("line " + std::to_string(node.source().begin.line) + ": " +
                                 std::string(key) + ": " + std::string(what));
}

// "12h" -> 12 and 'h'. False unless the text is digits and at most two letters.
bool SplitNumber(std::string_view text, uint64_t* number, std::string_view* unit) {
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, *number);
  if (error != std::errc() || stop == text.data()) return false;
  *unit = std::string_view(stop, static_cast<size_t>(end - stop));
  return true;
}

// *out = a * b, false on overflow.
bool Multiply(uint64_t a, uint64_t b, uint64_t* out) {
  if (a != 0 && b > UINT64_MAX / a) return false;
  *out = a * b;
  return true;
}

// A duration key: a string (ParseDurationMs, "never" when `never_ok`) or an
// integer number of seconds.
Status ReadDuration(const toml::node& node, std::string_view key, bool never_ok,
                    std::optional<uint64_t>* out) {
  if (const auto seconds = node.value<int64_t>(); seconds && node.is_integer()) {
    uint64_t ms = 0;
    if (*seconds < 0 || !Multiply(static_cast<uint64_t>(*seconds), kSecond, &ms)) {
      return Fail(node, key, "a duration must be positive");
    }
    *out = ms;
    return Status::Ok();
  }
  const std::optional<std::string_view> text = node.value<std::string_view>();
  if (!text) return Fail(node, key, "expected a duration such as \"90d\"");
  if (*text == "never") {
    if (!never_ok) return Fail(node, key, "\"never\" is only for retention ages");
    *out = std::nullopt;
    return Status::Ok();
  }
  Result<uint64_t> ms = ParseDurationMs(*text);
  if (!ms.ok()) return Fail(node, key, ms.status().message());
  *out = *ms;
  return Status::Ok();
}

Status ReadLevel(const toml::node& node, std::string_view key, int* out) {
  const std::optional<int64_t> level = node.value<int64_t>();
  if (!node.is_integer() || !level || *level < 1 || *level > 22) {
    return Fail(node, key, "expected a zstd level, an integer from 1 to 22");
  }
  *out = static_cast<int>(*level);
  return Status::Ok();
}

Status ReadSegments(const toml::table& table, StoreConfig* config) {
  for (auto&& [name, node] : table) {
    const std::string key = "segments." + std::string(name.str());
    if (name == "size_max") {
      uint64_t bytes = 0;
      if (node.is_integer()) {
        const int64_t value = node.value<int64_t>().value_or(-1);
        if (value < 0) return Fail(node, key, "a size must be positive");
        bytes = static_cast<uint64_t>(value);
      } else if (const auto text = node.value<std::string_view>()) {
        Result<uint64_t> parsed = ParseByteSize(*text);
        if (!parsed.ok()) return Fail(node, key, parsed.status().message());
        bytes = *parsed;
      } else {
        return Fail(node, key, "expected a size such as \"64MiB\"");
      }
      if (bytes < kSegmentSizeMin || bytes > kSegmentSizeLimit) {
        return Fail(node, key, "a segment must hold from 4KiB to 1TiB");
      }
      config->segment_size_max = bytes;
    } else if (name == "seal_interval") {
      std::optional<uint64_t> ms;
      SEALOG_RETURN_IF_ERROR(ReadDuration(node, key, false, &ms));
      if (*ms < kSecond) return Fail(node, key, "seal at most once a second (1s or more)");
      config->seal_interval_ms = *ms;
    } else {
      return Fail(node, key, "unknown key; expected size_max or seal_interval");
    }
  }
  return Status::Ok();
}

Status ReadRetention(const toml::table& table, StoreConfig* config) {
  for (auto&& [name, node] : table) {
    const std::string key = "retention." + std::string(name.str());
    if (name == "warm_after") {
      SEALOG_RETURN_IF_ERROR(ReadDuration(node, key, true, &config->warm_after_ms));
    } else if (name == "cold_after") {
      SEALOG_RETURN_IF_ERROR(ReadDuration(node, key, true, &config->cold_after_ms));
    } else if (name == "delete_after") {
      SEALOG_RETURN_IF_ERROR(ReadDuration(node, key, true, &config->delete_after_ms));
    } else {
      return Fail(node, key, "unknown key; expected warm_after, cold_after or delete_after");
    }
  }
  return Status::Ok();
}

Status ReadCompression(const toml::table& table, StoreConfig* config) {
  for (auto&& [name, node] : table) {
    const std::string key = "compression." + std::string(name.str());
    if (name == "warm_level") {
      SEALOG_RETURN_IF_ERROR(ReadLevel(node, key, &config->warm_level));
    } else if (name == "cold_level") {
      SEALOG_RETURN_IF_ERROR(ReadLevel(node, key, &config->cold_level));
    } else {
      return Fail(node, key, "unknown key; expected warm_level or cold_level");
    }
  }
  return Status::Ok();
}

// "7d", "12h", "90s": the largest unit that divides ms exactly.
std::string FormatDuration(uint64_t ms) {
  struct Unit {
    const char* name;
    uint64_t scale;
  };
  static constexpr std::array<Unit, 5> kUnits = {
      {{"y", 365 * kDay}, {"d", kDay}, {"h", 3600 * kSecond}, {"m", 60 * kSecond}, {"s", kSecond}}};
  for (const Unit& unit : kUnits) {
    if (ms % unit.scale == 0) return std::to_string(ms / unit.scale) + unit.name;
  }
  return std::to_string(ms) + "ms";
}

// Each age that is set must come after the ones before it: a segment goes
// hot, warm, cold, deleted. "never" ends the sequence.
Status CheckOrder(const StoreConfig& config) {
  struct Age {
    std::string_view name;
    const std::optional<uint64_t>* value;
  };
  const std::array<Age, 3> ages = {{{"warm_after", &config.warm_after_ms},
                                    {"cold_after", &config.cold_after_ms},
                                    {"delete_after", &config.delete_after_ms}}};
  const Age* previous = nullptr;
  for (const Age& age : ages) {
    if (!age.value->has_value()) continue;
    if (previous != nullptr && **age.value <= **previous->value) {
      return Status::InvalidArgument(
          "retention." + std::string(age.name) + " (" + FormatDuration(**age.value) +
          ") must be later than retention." + std::string(previous->name) + " (" +
          FormatDuration(**previous->value) + "; warm_after is 7d and cold_after 90d unless set)");
    }
    previous = &age;
  }
  return Status::Ok();
}

}  // namespace

Result<uint64_t> ParseDurationMs(std::string_view text) {
  uint64_t number = 0;
  std::string_view unit;
  const std::string expected =
      "expected a duration such as 30s, 15m, 12h, 90d or 7y, not \"" + std::string(text) + "\"";
  if (!SplitNumber(text, &number, &unit)) return Status::InvalidArgument(expected);
  uint64_t scale = 0;
  if (unit.empty() || unit == "s") {
    scale = kSecond;
  } else if (unit == "m") {
    scale = 60 * kSecond;
  } else if (unit == "h") {
    scale = 3600 * kSecond;
  } else if (unit == "d") {
    scale = kDay;
  } else if (unit == "y") {
    scale = 365 * kDay;
  } else {
    return Status::InvalidArgument(expected);
  }
  uint64_t ms = 0;
  if (number == 0 || !Multiply(number, scale, &ms)) {
    return Status::InvalidArgument("a duration must be positive and below 500 million years");
  }
  return ms;
}

Result<uint64_t> ParseByteSize(std::string_view text) {
  uint64_t number = 0;
  std::string_view unit;
  const std::string expected =
      "expected a size such as 64MiB, 1GiB or 4096, not \"" + std::string(text) + "\"";
  if (!SplitNumber(text, &number, &unit)) return Status::InvalidArgument(expected);
  struct Unit {
    std::string_view name;
    uint64_t scale;
  };
  static constexpr std::array<Unit, 10> kUnits = {{{"", 1},
                                                   {"B", 1},
                                                   {"KiB", 1ull << 10},
                                                   {"MiB", 1ull << 20},
                                                   {"GiB", 1ull << 30},
                                                   {"TiB", 1ull << 40},
                                                   {"KB", 1'000},
                                                   {"MB", 1'000'000},
                                                   {"GB", 1'000'000'000},
                                                   {"TB", 1'000'000'000'000}}};
  for (const Unit& known : kUnits) {
    if (unit != known.name) continue;
    uint64_t bytes = 0;
    if (!Multiply(number, known.scale, &bytes)) return Status::InvalidArgument("size too large");
    return bytes;
  }
  return Status::InvalidArgument(expected);
}

Result<StoreConfig> StoreConfig::Parse(std::string_view text) {
  toml::table root;
  try {
    root = toml::parse(text);
  } catch (const toml::parse_error& error) {
    return Status::InvalidArgument("line " + std::to_string(error.source().begin.line) + ": " +
                                   std::string(error.description()));
  }
  StoreConfig config;
  for (auto&& [name, node] : root) {
    const toml::table* table = node.as_table();
    const std::string section(name.str());
    if (table == nullptr) {
      return Fail(node, section, "expected a section ([segments], [retention], [compression])");
    }
    if (name == "segments") {
      SEALOG_RETURN_IF_ERROR(ReadSegments(*table, &config));
    } else if (name == "retention") {
      SEALOG_RETURN_IF_ERROR(ReadRetention(*table, &config));
    } else if (name == "compression") {
      SEALOG_RETURN_IF_ERROR(ReadCompression(*table, &config));
    } else {
      return Fail(node, "[" + section + "]",
                  "unknown section; expected [segments], [retention] or [compression]");
    }
  }
  SEALOG_RETURN_IF_ERROR(CheckOrder(config));
  return config;
}

void StoreConfig::ApplyTo(Options* options) const {
  options->segment_size_max = segment_size_max;
  options->segment_age_max_ms = seal_interval_ms;
}

}  // namespace sealog
