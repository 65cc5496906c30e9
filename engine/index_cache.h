// IndexCache: the indexes of a store's closed segments, opened once and
// kept, each checked before it is trusted.
//
// A sealed segment's index file must hash to the index digest its seal
// signs; an unsealed closed segment's (sealing off, or a crash before its
// seal) is checked for accidental damage only, as its records are. When the
// file is missing or fails a check, the index is rebuilt from the segment's
// records in memory and the query is told why (QueryStats::warnings): an
// index never hides a record, and a bad one never stops a query.
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
#include <optional>
#include <string>
#include <string_view>

#include "crypto/hash.h"
#include "engine/active_index.h"
#include "engine/io/env.h"
#include "engine/manifest.h"
#include "engine/segment_file_cache.h"
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
  std::optional<index::IndexSummary> summary;
};

class IndexCache {
 public:
  // Cold segments' archives are opened through `files` (the store's), which
  // must outlive the cache. It is called with mu_ held and never calls back.
  IndexCache(io::Env& env, std::string dir, std::string log_id, SegmentFileCache& files);

  // The summary of a closed segment, to skip it unopened; nothing when its
  // index had to be rebuilt (no summary to trust).
  Result<std::optional<index::IndexSummary>> Summary(const ManifestSegment& segment);
  // The index of a closed segment.
  Result<SegmentIndex> Get(const ManifestSegment& segment);
  // An index file whose section failed its check on use (`why`): from now on
  // the segment's index is rebuilt from its records.
  Result<SegmentIndex> Distrust(const ManifestSegment& segment, const Status& why);

 private:
  Result<SegmentIndex> Load(const ManifestSegment& segment);
  // The index digest the seal of `number` signs, or null when it has no seal.
  Result<const crypto::Hash*> SealedDigest(uint64_t number);
  // The index of a segment built from its records; `why` the file was not used.
  Result<SegmentIndex> Rebuild(const ManifestSegment& segment, std::string_view why);
  // The summary of a cold segment's archived index head, or nothing when it
  // cannot be trusted (its digest is not the sealed one).
  Result<std::optional<index::IndexSummary>> ArchivedSummary(const ManifestSegment& segment);
  // Keeps `index` as the segment's (and its summary, when it has one).
  void Remember(uint64_t number, const SegmentIndex& index);

  io::Env& env_;
  const std::string dir_;
  const std::string log_id_;
  SegmentFileCache& files_;
  std::mutex mu_;
  std::map<uint64_t, crypto::Hash> sealed_digests_;  // segment -> index digest
  uint64_t seals_read_ = 0;                          // entries of SEALS already read
  std::map<uint64_t, SegmentIndex> open_;            // at most kIndexFilesOpenMax
  std::list<uint64_t> recent_;                       // segment numbers, most recent first
  std::map<uint64_t, std::optional<index::IndexSummary>> summaries_;  // every segment seen
};

}  // namespace sealog

#endif  // SEALOG_ENGINE_INDEX_CACHE_H_
