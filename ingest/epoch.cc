#include "ingest/epoch.h"

#include <limits>
#include <string>

#include "ingest/quote.h"
#include "sealog/ingest.h"

namespace sealog::ingest {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Magnitude limits of each unit (SPEC.md: inferred from the magnitude) and the
// number of fractional digits that unit keeps to reach nanoseconds.
struct Unit {
  uint64_t nanos;
  int fraction_digits;
};
Unit UnitOf(uint64_t magnitude) {
  if (magnitude < 100'000'000'000ULL) return {1'000'000'000, 9};  // < 1e11: seconds
  if (magnitude < 100'000'000'000'000ULL) return {1'000'000, 6};  // < 1e14: milliseconds
  if (magnitude < 100'000'000'000'000'000ULL) return {1'000, 3};  // < 1e17: microseconds
  return {1, 0};                                                  // nanoseconds
}

// The digits of a number's mantissa (integer then fraction digits, the '.'
// removed) seen as one sequence; positions outside it read as '0'.
class Digits {
 public:
  Digits(std::string_view integer, std::string_view fraction)
      : integer_(integer), fraction_(fraction) {}
  int operator[](int64_t i) const {
    const auto size = static_cast<int64_t>(integer_.size());
    if (i < 0) return 0;
    if (i < size) return integer_[i] - '0';
    i -= size;
    if (i < static_cast<int64_t>(fraction_.size())) return fraction_[i] - '0';
    return 0;
  }

 private:
  std::string_view integer_;
  std::string_view fraction_;
};

Status OutOfRange(std::string_view text) {
  return Status::InvalidArgument("epoch " + Quote(text) +
                                 " is out of range (years 1677 to 2262 in nanoseconds)");
}

}  // namespace

bool IsJsonNumber(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  if (i < n && text[i] == '-') ++i;
  if (i == n || !IsDigit(text[i])) return false;
  if (text[i] == '0') {
    ++i;
  } else {
    while (i < n && IsDigit(text[i])) ++i;
  }
  if (i < n && text[i] == '.') {
    ++i;
    if (i == n || !IsDigit(text[i])) return false;
    while (i < n && IsDigit(text[i])) ++i;
  }
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
    if (i == n || !IsDigit(text[i])) return false;
    while (i < n && IsDigit(text[i])) ++i;
  }
  return i == n;
}

Result<int64_t> ParseEpochNumber(std::string_view text) {
  if (!IsJsonNumber(text)) {
    return Status::InvalidArgument(Quote(text) + " is not a number");
  }
  const bool negative = text[0] == '-';
  size_t i = negative ? 1 : 0;
  const size_t integer_begin = i;
  while (i < text.size() && IsDigit(text[i])) ++i;
  const std::string_view integer = text.substr(integer_begin, i - integer_begin);
  std::string_view fraction;
  if (i < text.size() && text[i] == '.') {
    const size_t begin = ++i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    fraction = text.substr(begin, i - begin);
  }
  int64_t exponent = 0;
  if (i < text.size()) {  // 'e' or 'E'
    ++i;
    const bool exponent_negative = text[i] == '-';
    if (text[i] == '+' || text[i] == '-') ++i;
    for (; i < text.size(); ++i) {
      // Clamp: beyond 10^±1000 the answer is 0 or out of range either way.
      exponent = std::min<int64_t>(exponent * 10 + (text[i] - '0'), 1000);
    }
    if (exponent_negative) exponent = -exponent;
  }
  const Digits digits(integer, fraction);
  // The decimal point sits before digit `point` of the mantissa.
  const int64_t point = static_cast<int64_t>(integer.size()) + exponent;
  uint64_t magnitude = 0;
  for (int64_t d = 0; d < point; ++d) {
    if (magnitude > (std::numeric_limits<uint64_t>::max() - 9) / 10) return OutOfRange(text);
    magnitude = magnitude * 10 + static_cast<uint64_t>(digits[d]);
  }
  const Unit unit = UnitOf(magnitude);
  uint64_t fraction_nanos = 0;
  for (int d = 0; d < unit.fraction_digits; ++d) {
    fraction_nanos = fraction_nanos * 10 + static_cast<uint64_t>(digits[point + d]);
  }
  const unsigned __int128 total =
      static_cast<unsigned __int128>(magnitude) * unit.nanos + fraction_nanos;
  const auto limit =
      static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max()) + (negative ? 1 : 0);
  if (total > limit) return OutOfRange(text);
  return negative ? static_cast<int64_t>(-static_cast<__int128>(total))
                  : static_cast<int64_t>(total);
}

}  // namespace sealog::ingest

namespace sealog {

int64_t EpochToNanos(int64_t value) {
  const uint64_t magnitude =
      value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  const __int128 nanos = static_cast<__int128>(value) * ingest::UnitOf(magnitude).nanos;
  if (nanos > std::numeric_limits<int64_t>::max()) return std::numeric_limits<int64_t>::max();
  if (nanos < std::numeric_limits<int64_t>::min()) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(nanos);
}

}  // namespace sealog
