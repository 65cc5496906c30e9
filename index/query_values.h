// The typed values of the query language: times ("now-15m", RFC 3339) and
// seqs, read from a term's value text, and the inclusive [lo, hi] bounds a
// comparison normalizes to. Internal to index/; shared by the parser and the
// renderer.
#ifndef SEALOG_INDEX_QUERY_VALUES_H_
#define SEALOG_INDEX_QUERY_VALUES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "index/query.h"
#include "sealog/status.h"

namespace sealog::query {

// A time value: "now", "now-N" + one of s, m, h, d (N decimal), or RFC 3339
// as sealog::ParseRfc3339 reads it. Errors are kInvalidArgument, one line,
// without a column (the parser adds it), e.g.
// `expected a time (RFC 3339 such as 2026-03-03T09:30:00Z, now or now-15m), got "noon"`.
Result<int64_t> ParseTimeValue(std::string_view text, int64_t now_ns);

// A seq value: a decimal integer from 0 to INT64_MAX (no sign).
Result<int64_t> ParseSeqValue(std::string_view text);

// Inclusive bounds.
struct Bounds {
  int64_t lo = 0;
  int64_t hi = 0;
};

// The bounds of `op` applied to `value` (and `high` for kRange), in a domain
// whose lowest value is `floor` and highest INT64_MAX: kEq is [v, v], kLt
// [floor, v - 1], kGe [v, INT64_MAX], ... A comparison that nothing can meet
// (`<floor`, `>INT64_MAX`) gives an empty range: [floor + 1, floor] or
// [INT64_MAX, INT64_MAX - 1]. REQUIRES: op != kPrefix.
Bounds NormalizeBounds(Op op, int64_t value, int64_t high, int64_t floor);

// A time as RFC 3339 in UTC, with the fraction of a second trimmed of
// trailing zeros ("2026-03-03T09:30:00Z", "2026-03-03T09:30:00.25Z").
// ParseTimeValue reads it back exactly, for every int64.
std::string FormatTimeValue(int64_t ns);

}  // namespace sealog::query

#endif  // SEALOG_INDEX_QUERY_VALUES_H_
