// The planner: answers a query tree (index/query.h) from one segment's
// index, and decides from a segment's summary whether it can match at all.
//
// Evaluate returns candidates: a sorted set of ordinals that contains every
// matching record of the segment. When `exact`, it is exactly the matches and
// no record needs to be read to decide; otherwise each candidate is read and
// judged by query::Matcher. event.PATH terms are never in an index, so they
// make their subtree inexact; so does an AND that stops early because its
// candidates are already few (reading a few records beats decoding a long
// posting list).
//
// How an AND is planned: its children are estimated from the dictionary
// counts (no postings decoded), evaluated from the most selective up, each
// intersected into the running set, stopping as soon as it is empty.
#ifndef SEALOG_INDEX_PLANNER_H_
#define SEALOG_INDEX_PLANNER_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "index/index_summary.h"
#include "index/index_view.h"
#include "index/query.h"
#include "sealog/status.h"

namespace sealog::index {

struct Candidates {
  Postings ordinals;
  bool exact = true;
};

// Below this many running candidates an AND stops decoding postings whose
// estimate is much larger, and leaves the rest to the matcher.
inline constexpr size_t kCheckInsteadOfIntersectMax = 64;

// Evaluates `node` over the first view.record_count() records of a segment
// whose first record has seq `first_seq`.
Status Evaluate(const query::Node& node, IndexView& view, uint64_t first_seq, Candidates* out);

// The summaries of up to kMax segments as columns: what
// SegmentFilter::MayMatchEach tests, each in an array, so that ruling out a
// run of segments reads a few contiguous arrays and the lines of the Bloom
// filters it probes, not each summary's scattered strings. It points into
// the summaries, which must outlive it.
struct SummaryColumns {
  static constexpr size_t kMax = 64;
  struct Bloom {
    const char* bytes = nullptr;
    uint32_t bits = 0;
  };

  // Puts `summary` at position i, or clears position i when null.
  void Set(size_t i, const IndexSummary* summary);

  uint64_t present = 0;  // bit i: position i holds a summary
  std::array<uint32_t, kMax> record_count{};
  std::array<int64_t, kMax> min_time_ns{};
  std::array<int64_t, kMax> max_time_ns{};
  std::array<std::array<Bloom, kMax>, kFieldCount> blooms{};
};

// A query tree compiled once to rule segments out from their summaries:
// the Bloom hash of each exact value and the bounds of each range are worked
// out here, not again for each of the thousands of segments a query passes.
// REQUIRES: the tree outlives the filter.
class SegmentFilter {
 public:
  explicit SegmentFilter(const query::Node& tree);

  // False only when no record of the segment (first_seq, the summary's
  // count, time span and filters) can match.
  bool MayMatch(const IndexSummary& summary, uint64_t first_seq) const;
  // False only when no record whose time lies within [min_ns, max_ns] can
  // match, whatever its other fields: what decides for a run of segments
  // from their time span alone. An empty span (min_ns > max_ns) matches
  // nothing a time term bounds.
  bool MayMatchTime(int64_t min_ns, int64_t max_ns) const;
  // Bit i set when the segment at position i of `columns` may match, as
  // far as its record count, time span and Bloom filters tell (ranges,
  // seqs and event paths left to MayMatch); clear where there is no summary.
  uint64_t MayMatchEach(const SummaryColumns& columns) const;
  // True when MayMatchEach rules out all that MayMatch does but for the
  // value bounds of exact values (which the Bloom filters leave little to
  // add): no range, prefix or seq term. A segment it keeps then needs no
  // MayMatch.
  bool columns_decide() const { return columns_decide_; }

 private:
  struct Test {
    const query::Node* node;
    uint64_t hash = 0;                     // an exact field value's Bloom hash
    Bound low, high;                       // a field term's range
    std::unique_ptr<std::string> storage;  // a prefix's successor, which high views
    std::vector<Test> children;
  };
  static Test Compile(const query::Node& node);
  // Whether the columns decide for `node` (columns_decide).
  static bool ColumnsDecide(const query::Node& node);
  static bool MayMatch(const Test& test, const IndexSummary& summary, uint64_t first_seq);
  static bool MayMatchTime(const Test& test, int64_t min_ns, int64_t max_ns);
  // MayMatchEach of the positions in `among`.
  static uint64_t MayMatchEach(const Test& test, const SummaryColumns& columns, uint64_t among);

  Test root_;
  bool columns_decide_;
};

}  // namespace sealog::index

#endif  // SEALOG_INDEX_PLANNER_H_
