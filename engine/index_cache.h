// IndexCache: the indexes of a store's closed segments, each checked once
// before it is trusted, then kept.
//
// A sealed segment's index file must hash to the index digest its seal
// signs; an unsealed closed segment's (sealing off, or a crash before its
// seal) is checked for accidental damage only, as its records are. When the
// file is missing or fails a check, the index is rebuilt from the segment's
// records in memory and the query is told why (QueryStats::warnings): an
// index never hides a record, and a bad one never stops a query.
//
// What is kept, and what bounds it:
// - every segment's summary and verified index head, for as long as the
//   store is open (a query that sweeps thousands of segments must neither
//   read nor hash a head again), the summaries also in runs of 64 for
//   queries to test together (engine/summary_table.h; about 130 bytes a
//   segment on top of its summary);
// - the decoded sections queries loaded and the indexes rebuilt from
//   records, together up to about budget_bytes for the whole store
//   (Options::index_cache_bytes): past it, what was used least recently
//   goes first (a file's sections are let go, its head kept; a rebuilt
//   index is dropped), the one used last always stays. A sweep (one query,
//   one report) does not push out what it used itself: once all that is
//   kept was used since the sweep began, its latest go instead, so a sweep
//   over more than fits keeps its first part for the next one, where least
//   recently used would keep only the last part, which the next sweep
//   reaches last, after pushing it out. The budget may be
//   passed by what the queries running load before their next lookup (a
//   rebuilt index is measured again at each lookup: the sorted forms its
//   first lookups build are charged from the next);
// - no descriptor: an index file is opened for each section read.
//
// Cold segments keep only their index head, in their archive: its summary
// (checked against the sealed digest) lets queries skip them unopened, and
// a query that must look inside rebuilds the index from the records, which
// is what the cold tier trades for its size (docs/BENCHMARKS.md, "Tiers").
//
// Thread safety: every method may be called from any thread.
#ifndef SEALOG_ENGINE_INDEX_CACHE_H_
#define SEALOG_ENGINE_INDEX_CACHE_H_

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "crypto/hash.h"
#include "engine/active_index.h"
#include "engine/io/env.h"
#include "engine/manifest.h"
#include "engine/segment_file_cache.h"
#include "engine/summary_table.h"
#include "index/index_file.h"
#include "index/index_summary.h"
#include "sealog/status.h"

namespace sealog {

// One closed segment's index: the verified file, or a rebuilt one.
struct SegmentIndex {
  std::shared_ptr<index::IndexFile> file;  // null when rebuilt
  std::shared_ptr<ActiveIndex> rebuilt;    // null when the file is used
  std::string warning;                     // why it was rebuilt, when it was
  // A rebuilt cold segment's: the summary of its archived index head.
  std::shared_ptr<const index::IndexSummary> summary;
};

// One query's or report's lookups in an IndexCache (IndexCache::BeginSweep).
// A default one counts everything kept as used before it: least recently
// used only.
struct IndexCacheSweep {
  uint64_t began = UINT64_MAX;  // the first use made in it
};

class IndexCache {
 public:
  // Cold segments' archives are opened through `files` (the store's), which
  // must outlive the cache. It is called with mu_ held and never calls back.
  IndexCache(io::Env& env, std::string dir, std::string log_id, SegmentFileCache& files,
             uint64_t budget_bytes);

  // One query's or report's lookups (IndexCacheSweep), to keep what it used
  // from pushing out each other (see above).
  using Sweep = IndexCacheSweep;
  Sweep BeginSweep();

  // The summary of a closed segment, to skip it unopened; null when its
  // index had to be rebuilt (no summary to trust).
  Result<std::shared_ptr<const index::IndexSummary>> Summary(const ManifestSegment& segment,
                                                             const Sweep& sweep = Sweep());
  // Every summary known so far, as Summary gives them, in one table taken
  // under one lock: what a query over thousands of segments asks first, so
  // that ruling out each costs it no lookup (engine/summary_table.h).
  std::shared_ptr<const SummaryTable> Summaries();
  // The index of a closed segment.
  Result<SegmentIndex> Get(const ManifestSegment& segment, const Sweep& sweep = Sweep());
  // The index to use instead of a file whose use failed with `why`, or
  // `why` itself when it is no reason to stop using the file (kIOError):
  // - kCorruption, a section failed its check: from now on the segment's
  //   index is rebuilt from its records;
  // - kNotFound, the file was gone: the segment moved to the cold tier since
  //   it was opened, and its index is from now on the cold tier's
  //   (kNotFound when no archive holds it either).
  Result<SegmentIndex> Replace(const ManifestSegment& segment, const Status& why,
                               const Sweep& sweep = Sweep());

  // Bytes of index held in memory now: the decoded sections of the index
  // files (those the cache let go but queries still hold included) and the
  // rebuilt indexes kept.
  uint64_t memory_bytes();

 private:
  Result<SegmentIndex> Load(const ManifestSegment& segment);
  // Get with mu_ held.
  Result<SegmentIndex> GetLocked(const ManifestSegment& segment, const Sweep& sweep);
  // The index digest the seal of `number` signs, or null when it has no seal.
  Result<const crypto::Hash*> SealedDigest(uint64_t number);
  // The index of a segment built from its records; `why` the file was not used.
  Result<SegmentIndex> Rebuild(const ManifestSegment& segment, std::string_view why);
  // The summary of a cold segment's archived index head, or null when it
  // cannot be trusted (its digest is not the sealed one).
  Result<std::shared_ptr<const index::IndexSummary>> ArchivedSummary(
      const ManifestSegment& segment);
  // Keeps `index` as the segment's (and its summary, when it has one).
  void Remember(uint64_t number, const SegmentIndex& index, const Sweep& sweep);
  // Drops the kept file of `number`, if any.
  void Forget(uint64_t number);

  // A verified index file and its place in loaded_, when it is there.
  struct KeptFile {
    std::shared_ptr<index::IndexFile> file;
    std::list<uint64_t>::iterator loaded;  // loaded_.end() when not in it
    uint64_t used = 0;                     // uses_ when last used
  };
  // A rebuilt index, its place in rebuilt_order_ and its bytes as charged.
  struct KeptRebuilt {
    SegmentIndex index;
    std::list<uint64_t>::iterator order;
    uint64_t used = 0;
    uint64_t bytes = 0;
  };
  // Marks the kept file `touched` used last, then Trim.
  void Touch(std::unordered_map<uint64_t, KeptFile>::iterator touched, const Sweep& sweep);
  // Marks the rebuilt index `touched` used last, measures it again, then Trim.
  void Touch(std::unordered_map<uint64_t, KeptRebuilt>::iterator touched, const Sweep& sweep);
  // While the sections and rebuilt indexes held are over the budget, lets
  // go of what was used least recently, of either kind, or when `sweep`
  // used all of it, of what it used latest; never of the one used last.
  void Trim(const Sweep& sweep);
  // Lets go of the sections of the file at `place` in loaded_.
  void LetGoSections(std::list<uint64_t>::iterator place);
  // Drops the rebuilt index at `place` in rebuilt_order_.
  void DropRebuilt(std::list<uint64_t>::iterator place);

  io::Env& env_;
  const std::string dir_;
  const std::string log_id_;
  SegmentFileCache& files_;
  const uint64_t budget_bytes_;
  const std::shared_ptr<index::IndexFile::Charge> charge_;
  std::mutex mu_;
  std::map<uint64_t, crypto::Hash> sealed_digests_;    // segment -> index digest
  uint64_t seals_read_ = 0;                            // entries of SEALS already read
  std::unordered_map<uint64_t, KeptFile> files_kept_;  // every verified index file
  std::list<uint64_t> loaded_;  // of those, the ones that may hold sections, most recent first
  std::unordered_map<uint64_t, KeptRebuilt> rebuilt_;
  std::list<uint64_t> rebuilt_order_;  // their segment numbers, most recent first
  uint64_t rebuilt_bytes_ = 0;         // the sum of their bytes
  uint64_t uses_ = 0;                  // lookups so far, to order the two kinds' uses
  // Every segment seen; null: no summary to trust.
  SummaryRuns summaries_;
};

}  // namespace sealog

#endif  // SEALOG_ENGINE_INDEX_CACHE_H_
