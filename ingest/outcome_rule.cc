#include "ingest/outcome_rule.h"

#include <charconv>
#include <cstdint>
#include <string>

namespace sealog::ingest {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool IsOneOf(std::string_view value, const std::vector<std::string>& values) {
  for (const std::string& candidate : values) {
    if (EqualsIgnoreCase(value, candidate)) return true;
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
