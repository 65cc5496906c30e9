#include "index/query_values.h"

#include <charconv>

#include "index/query_syntax.h"
#include "ingest/quote.h"
#include "sealog/ingest.h"

namespace sealog::query {
namespace {

using syntax::kInt64Max;

constexpr int64_t kNanosPerSecond = 1'000'000'000;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// A non-negative decimal integer that fits int64.
bool ReadDecimal(std::string_view text, int64_t* value) {
  if (!AllDigits(text)) return false;
  uint64_t parsed = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (error != std::errc() || end != text.data() + text.size()) return false;
  if (parsed > static_cast<uint64_t>(kInt64Max)) return false;
  *value = static_cast<int64_t>(parsed);
  return true;
}

Status BadTime(std::string_view text) {
  std::string message =
      "expected a time (RFC 3339 such as 2026-03-03T09:30:00Z, now or now-15m), got ";
  message += ingest::Quote(text);
  return Status::InvalidArgument(std::move(message));
}

// "now-N" + unit; `text` starts with "now-".
Result<int64_t> ParseNowMinus(std::string_view text, int64_t now_ns) {
  const std::string_view amount = text.substr(4, text.size() > 5 ? text.size() - 5 : 0);
  int64_t unit_ns = 0;
  switch (text.size() > 5 ? text.back() : '\0') {
    case 's':
      unit_ns = kNanosPerSecond;
      break;
    case 'm':
      unit_ns = 60 * kNanosPerSecond;
      break;
    case 'h':
      unit_ns = 3600 * kNanosPerSecond;
      break;
    case 'd':
      unit_ns = 86'400 * kNanosPerSecond;
      break;
    default:
      break;
  }
  int64_t count = 0;
  if (unit_ns == 0 || !AllDigits(amount)) {
    std::string message = "expected now-N with N a decimal number and a unit s, m, h or d, got ";
    message += ingest::Quote(text);
    return Status::InvalidArgument(std::move(message));
  }
  int64_t delta = 0;
  int64_t time = 0;
  if (!ReadDecimal(amount, &count) || __builtin_mul_overflow(count, unit_ns, &delta) ||
      __builtin_sub_overflow(now_ns, delta, &time)) {
    std::string message = ingest::Quote(text);
    message += " is out of range (times are years 1677 to 2262 in nanoseconds)";
    return Status::InvalidArgument(std::move(message));
  }
  return time;
}

}  // namespace

Result<int64_t> ParseTimeValue(std::string_view text, int64_t now_ns) {
  if (text == "now") return now_ns;
  if (text.starts_with("now-")) return ParseNowMinus(text, now_ns);
  // Something that starts like a date gets ParseRfc3339's precise complaint
  // ("month 13 is out of range"); anything else the list of what is accepted.
  if (text.empty() || !IsDigit(text.front())) return BadTime(text);
  return ParseRfc3339(text);
}

Result<int64_t> ParseSeqValue(std::string_view text) {
  int64_t value = 0;
  if (!ReadDecimal(text, &value)) {
    std::string message = "expected a seq (a decimal integer from 0 to ";
    message += std::to_string(kInt64Max);
    message += "), got ";
    message += ingest::Quote(text);
    return Status::InvalidArgument(std::move(message));
  }
  return value;
}

Bounds NormalizeBounds(Op op, int64_t value, int64_t high, int64_t floor) {
  const Bounds kEmptyBelow{floor + 1, floor};
  const Bounds kEmptyAbove{kInt64Max, kInt64Max - 1};
  switch (op) {
    case Op::kLt:
      return value <= floor ? kEmptyBelow : Bounds{floor, value - 1};
    case Op::kLe:
      return value < floor ? kEmptyBelow : Bounds{floor, value};
    case Op::kGt:
      return value == kInt64Max ? kEmptyAbove : Bounds{value + 1, kInt64Max};
    case Op::kGe:
      return Bounds{value, kInt64Max};
    case Op::kRange:
      return Bounds{value, high};
    case Op::kEq:
    case Op::kPrefix:
      break;
  }
  return Bounds{value, value};
}

std::string FormatTimeValue(int64_t ns) {
  std::string text = FormatRfc3339(ns);  // "YYYY-MM-DDTHH:MM:SS.fffffffffZ"
  text.pop_back();                       // 'Z'
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  text.push_back('Z');
  return text;
}

}  // namespace sealog::query
