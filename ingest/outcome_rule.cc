#include "ingest/outcome_rule.h"

#include <charconv>
#include <cstdint>
#include <string>

#include "engine/ascii.h"

namespace sealog::ingest {
namespace {

bool IsOneOf(std::string_view value, const std::vector<std::string>& values) {
  for (const std::string& candidate : values) {
    if (EqualsIgnoringAsciiCase(value, candidate)) return true;
  }
  return false;
}

// The integer `value` spells, if it is one.
bool ParseInteger(std::string_view value, int64_t* number) {
  const char* end = value.data() + value.size();
  const auto [stop, error] = std::from_chars(value.data(), end, *number);
  return error == std::errc() && stop == end;
}

}  // namespace

std::string_view ApplyOutcomeRule(const OutcomeRule& rule, std::string_view value) {
  int64_t number = 0;
  switch (rule.kind) {
    case OutcomeRule::Kind::kKeep:
      return value;
    case OutcomeRule::Kind::kFailureIfPresent:
      return value.empty() ? kSuccess : kFailure;
    case OutcomeRule::Kind::kFailureAtOrAbove:
      if (value.empty() || !ParseInteger(value, &number)) return value;
      return number >= rule.threshold ? kFailure : kSuccess;
    case OutcomeRule::Kind::kFailureIfNonZero:
      if (value.empty()) return kSuccess;
      if (!ParseInteger(value, &number)) return value;
      return number != 0 ? kFailure : kSuccess;
    case OutcomeRule::Kind::kByValue:
      if (IsOneOf(value, rule.success_values)) return kSuccess;
      if (IsOneOf(value, rule.failure_values)) return kFailure;
      return value;
  }
  return value;
}

}  // namespace sealog::ingest
