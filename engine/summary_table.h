// SummaryTable: what an IndexCache knows of its closed segments' summaries,
// as one immutable value that a query takes with one pointer, so that ruling
// out each of thousands of segments costs it no lookup, lock or copy.
//
// Segments are grouped in runs of kRun consecutive numbers. A run carries,
// besides each segment's summary, the time span of the records of those it
// has summaries for, so a query bounded in time passes a whole run that
// cannot match with one test instead of kRun: such a query's cost follows
// the segments its time range covers, not the segments of the store. And it
// carries its summaries as columns (index::SummaryColumns), which a query
// tests all at once, reading a few arrays and a line of Bloom filter for
// each segment instead of three or four lines of scattered memory.
//
// Tables share their runs: SummaryRuns, the mutable side an IndexCache keeps,
// copies only the run it changes, and a new table costs a pointer per run.
//
// Thread safety: a SummaryTable is immutable; any number of threads may read
// it. SummaryRuns is not thread safe (IndexCache calls it under its lock).
#ifndef SEALOG_ENGINE_SUMMARY_TABLE_H_
#define SEALOG_ENGINE_SUMMARY_TABLE_H_

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <vector>

#include "index/index_summary.h"
#include "index/planner.h"

namespace sealog {

// kRun segments numbered [first_number, first_number + kRun).
struct SummaryRun {
  static constexpr uint64_t kRun = 64;

  uint64_t first_number = 0;  // a multiple of kRun
  uint64_t known = 0;         // bit i: what segment first_number + i has is known
  // The span of the record times of the summarized segments (those with
  // records); empty (min > max) when there are none.
  int64_t min_time_ns = std::numeric_limits<int64_t>::max();
  int64_t max_time_ns = std::numeric_limits<int64_t>::min();
  std::array<std::shared_ptr<const index::IndexSummary>, kRun> summaries;  // null: none
  index::SummaryColumns columns;  // of summaries, position i for segment first_number + i

  // Bit i: what segment first_number + i has is known and is a summary
  // (not: none to trust).
  uint64_t summarized() const { return columns.present; }
};

class SummaryTable {
 public:
  // What a table knows of one segment.
  struct Lookup {
    bool known = false;                            // false: not known yet
    const index::IndexSummary* summary = nullptr;  // null when known: none to trust
  };

  SummaryTable() = default;
  explicit SummaryTable(std::vector<std::shared_ptr<const SummaryRun>> runs);

  Lookup Find(uint64_t number) const;
  // The run that holds `number`, or null when nothing of it is known.
  const SummaryRun* RunOf(uint64_t number) const;

 private:
  std::vector<std::shared_ptr<const SummaryRun>> runs_;  // first_number ascending
};

class SummaryRuns {
 public:
  // Null when known: none to trust. Null when not known: *known false.
  std::shared_ptr<const index::IndexSummary> Find(uint64_t number, bool* known) const;
  // Records what segment `number` has: a summary, or null for none to trust.
  void Set(uint64_t number, std::shared_ptr<const index::IndexSummary> summary);
  // The table of everything set so far; built again only after a Set.
  std::shared_ptr<const SummaryTable> Table();

 private:
  // By first_number. A run no table holds is changed in place; one a table
  // holds is copied first (tables are taken only here, under the caller's
  // lock, so a use count of 1 cannot grow behind Set's back).
  std::map<uint64_t, std::shared_ptr<SummaryRun>> runs_;
  std::shared_ptr<const SummaryTable> table_;  // null: built before a Set
};

}  // namespace sealog

#endif  // SEALOG_ENGINE_SUMMARY_TABLE_H_
