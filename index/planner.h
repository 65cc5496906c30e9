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

#include <cstdint>

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

// False only when no record of the segment (first_seq, the summary's count,
// time span and filters) can match `node`.
bool MayMatch(const query::Node& node, const IndexSummary& summary, uint64_t first_seq);

}  // namespace sealog::index

#endif  // SEALOG_INDEX_PLANNER_H_
