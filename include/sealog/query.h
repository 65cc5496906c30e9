// Queries: which records match an expression of the query language
// (docs/QUERY.md), and counts grouped by field.
#ifndef SEALOG_QUERY_H_
#define SEALOG_QUERY_H_

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "sealog/event.h"
#include "sealog/store.h"

namespace sealog {

struct QueryOptions {
  uint64_t limit = 0;    // at most this many records; 0: no limit
  uint64_t after = 0;    // paging: only records after this seq in output order
                         // (seq > after, or seq < after with reverse); 0: from the start
  bool reverse = false;  // newest first
  int64_t now_ns = 0;    // what "now" means in the expression; 0: the store's clock
  // Only records whose event time lies within [since_ns, until_ns], as if
  // "AND time:[since TO until]" ended the expression.
  int64_t since_ns = std::numeric_limits<int64_t>::min();
  int64_t until_ns = std::numeric_limits<int64_t>::max();
};

// What answering a query took.
struct QueryStats {
  uint64_t segments = 0;          // segments in the store's view
  uint64_t segments_skipped = 0;  // ruled out by their summary, unopened
  uint64_t records_read = 0;      // records read from segments
  uint64_t records_checked = 0;   // ... of which the matcher judged
  uint64_t indexes_rebuilt = 0;   // indexes missing or not matching their seal, rebuilt
  std::vector<std::string> warnings;  // one line each, e.g. why an index was rebuilt
};

// Streams the matching records in seq order (or reverse). Not thread safe.
class QueryCursor : public Iterator {
 public:
  virtual const QueryStats& stats() const = 0;
};

struct ReportOptions {
  Field by = Field::kActor;
  // Only the records matching this expression of the query language (its
  // relative times read against now_ns); empty: every record in the range.
  std::string query;
  int64_t since_ns = std::numeric_limits<int64_t>::min();  // event time, inclusive
  int64_t until_ns = std::numeric_limits<int64_t>::max();  // inclusive
  size_t top = 0;  // the N largest groups only; 0: all
  int64_t now_ns = 0;
};

struct ReportRow {
  std::string value;
  uint64_t count = 0;
};

struct FieldReport {
  std::vector<ReportRow> rows;  // by count, largest first; ties by value
  uint64_t records = 0;         // records in the time range (and matching the query)
  uint64_t absent = 0;          // ... without the field
  uint64_t distinct = 0;        // distinct values, before `top`
};

// A time as the query language writes it: RFC 3339 ("2026-03-03T09:30:00Z",
// any offset), "now" or "now-N" with N followed by s, m, h or d. For flags
// such as --since. kInvalidArgument says what was expected.
Result<int64_t> ParseTimeValue(std::string_view text, int64_t now_ns);

}  // namespace sealog

#endif  // SEALOG_QUERY_H_
