// OpenSegmentFile: the bytes of one segment of a store, whichever tier holds
// them. Every reader of closed segments opens them here, so a segment moved
// from hot to warm reads the same: offsets, records and all.
#ifndef SEALOG_ENGINE_TIER_SEGMENT_FILE_H_
#define SEALOG_ENGINE_TIER_SEGMENT_FILE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "engine/io/env.h"
#include "engine/tier/archive_file.h"
#include "engine/tier/frame_cache.h"
#include "sealog/status.h"
#include "sealog/store.h"

namespace sealog::tier {

struct SegmentFile {
  std::shared_ptr<io::ReadableFile> bytes;  // the segment file as it was written
  uint64_t size = 0;                        // of those bytes
  std::string path;                         // of the file they come from
  Tier tier = Tier::kHot;
  uint64_t stored_bytes = 0;  // of that file on disk (cold: the segment's blocks and index head)
  // Cold only: the archive holding the segment, and its place there.
  std::shared_ptr<ArchiveFile> archive;
  size_t archive_index = 0;
};

// Opens dir/N.seg, or when there is none dir/N.wrm, or else the archive
// F-L.arc with F <= N <= L (the structure of a warm file or an archive is
// checked; frames and blocks are checked as they are read). A reader may
// look while a move runs: until the old file goes, both hold the same bytes.
// kNotFound when no file holds N.
Status OpenSegmentFile(io::Env& env, const std::string& dir, uint64_t number, SegmentFile* out);

// OpenSegmentFile but for the archives: dir/N.seg, mapped when `map`
// (io::Env::NewMappedFile: for a segment that is closed), or when there is
// none dir/N.wrm, whose decoded frames go to `frames` (OpenWarmFile);
// kNotFound (the .seg's) when neither is there. For callers that find
// archives their own way (engine/segment_file_cache.h).
Status OpenUnarchivedSegmentFile(io::Env& env, const std::string& dir, uint64_t number,
                                 SegmentFile* out, std::shared_ptr<FrameCache> frames = nullptr,
                                 bool map = false);

// The place of segment `number` in `archive` (archive.segments()[*index]);
// kCorruption when the archive does not hold it though its name says so.
Status IndexInArchive(const ArchiveFile& archive, uint64_t number, size_t* index);

// Segment `number` of an open `archive`, as OpenSegmentFile gives it;
// kCorruption when the archive does not hold it.
Status OpenSegmentInArchive(std::shared_ptr<ArchiveFile> archive, uint64_t number,
                            SegmentFile* out);

// The bytes the file of segment N in `tier` takes on disk; for a cold
// segment, its share of its archive (blocks and index head).
Result<uint64_t> StoredBytes(io::Env& env, const std::string& dir, uint64_t number, Tier tier);

// The bytes on disk of segment `i` of `archive`: its blocks and index head.
uint64_t ArchivedBytes(const ArchiveFile& archive, size_t i);

}  // namespace sealog::tier

#endif  // SEALOG_ENGINE_TIER_SEGMENT_FILE_H_
