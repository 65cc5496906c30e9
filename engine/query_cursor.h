// QueryCursor: the records of a LogView that match a query, segment by
// segment, in seq order or reverse.
//
// For each segment: rule it out from its summary when it cannot match
// (time span, value bounds, Bloom filters), else ask the planner for
// candidates from its index (index/planner.h), read them by offset, and judge
// with the matcher those the index could not decide. Summaries come from the
// table the query takes when it begins (engine/summary_table.h), a run of 64
// segments at a time: the query compiled once (index::SegmentFilter) tests
// the run's columns together, and passes the run whole when none can match,
// so that the segments a query skips cost it next to nothing. Records of the active
// segment that its in-memory index has not reached yet are all judged.
// Memory: the candidates of one segment at a time.
#ifndef SEALOG_ENGINE_QUERY_CURSOR_H_
#define SEALOG_ENGINE_QUERY_CURSOR_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/index_cache.h"
#include "engine/io/env.h"
#include "engine/log_writer.h"
#include "engine/segment_file_cache.h"
#include "engine/segment_reader.h"
#include "engine/summary_table.h"
#include "index/planner.h"
#include "index/query.h"
#include "sealog/query.h"

namespace sealog {

class QueryCursorImpl final : public QueryCursor {
 public:
  // REQUIRES: env and the caches outlive the cursor.
  QueryCursorImpl(io::Env& env, std::string dir, std::string log_id, LogView view,
                  IndexCache& cache, SegmentFileCache& files, query::Node tree,
                  const QueryOptions& options);

  bool Next() override;
  const Record& record() const override { return record_; }
  Status status() const override { return status_; }
  const QueryStats& stats() const override;

  // Counts what Next would return, reading records only when the index
  // cannot decide. Consumes the cursor.
  Result<uint64_t> CountRemaining();

 private:
  // One segment of the view.
  struct Part {
    uint64_t number = 0;
    uint64_t first_seq = 0;
    uint64_t count = 0;  // records visible in the view
    uint64_t end = 0;    // bytes of the segment visible in the view
    bool active = false;
    const ManifestSegment* closed = nullptr;  // when not active
  };
  // A record to read: where it is and whether the matcher must judge it.
  struct Item {
    uint32_t ordinal;
    bool check;
    uint64_t offset;
    uint64_t end;  // just past its frame, when the index says (the next one's offset); else 0
  };

  // The parts in output order: the closed segments of the view, then the
  // active one (reverse: the other way round), `position` 0 to closed + 1.
  size_t PartCount() const { return view_.closed->size() + 1; }
  Part PartAt(size_t position) const;
  // How many parts from `position` on the summary table rules out together:
  // the closed segments of the view to the end of their run when the query
  // can match none of them (Candidates). 0 when it cannot say so.
  size_t PartsToPass(size_t position);
  // Bit i set when segment run.first_number + i is still in question after
  // its summary in the table: the query may match it, or the table has no
  // summary of it to go by. Kept for the run last asked about.
  uint64_t Candidates(const SummaryRun& run);
  // Fills items_ for the next segment that may hold matches. False at the end
  // or on error (status_).
  bool NextPart();
  Status CollectClosed(const Part& part);
  Status CollectActive(const Part& part);
  // Candidates of the first `visible` records of an index, as items.
  Status CollectFromIndex(index::IndexView& view, const Part& part, uint64_t visible);
  // Every record of the part from `offset` on, all to be judged.
  Status CollectTail(const Part& part, uint64_t offset, uint64_t first_ordinal);
  bool Wanted(uint64_t seq) const;
  // Reads items_[index] into record_; false when it does not match or on error.
  bool ReadItem(size_t index);
  // Bytes to read at items_[index] to cover it and the candidates close behind it.
  size_t ReadSpan(size_t index) const;

  io::Env& env_;
  const std::string dir_;
  const std::string log_id_;
  const LogView view_;
  IndexCache& cache_;
  const IndexCache::Sweep sweep_;  // this query's lookups
  SegmentFileCache& files_;
  const query::Node tree_;
  const index::SegmentFilter filter_;  // of tree_
  const QueryOptions options_;
  query::Matcher matcher_;
  // The summaries known when the query began (those it loads itself are
  // not in it).
  const std::shared_ptr<const SummaryTable> summaries_;

  const SummaryRun* run_ = nullptr;  // the one run_candidates_ are of
  uint64_t run_candidates_ = 0;
  size_t next_part_ = 0;  // position, as PartAt takes it
  Part part_;             // the one items_ are of
  std::unique_ptr<SegmentReader> reader_;
  Tier reader_tier_ = Tier::kHot;  // of the file reader_ reads
  std::vector<Item> items_;  // of the current part, in output order
  size_t next_item_ = 0;
  uint64_t returned_ = 0;

  Record record_;
  Status status_;
  // Its segment count is counted when first asked for (stats()), not for
  // each query whether asked or not.
  mutable QueryStats stats_;
  mutable bool segments_counted_ = false;
};

}  // namespace sealog

#endif  // SEALOG_ENGINE_QUERY_CURSOR_H_
