// OpenSegmentFile: the bytes of one segment of a store, whichever tier holds
// them. Every reader of closed segments opens them here, so a segment moved
// from hot to warm reads the same: offsets, records and all.
#ifndef SEALOG_ENGINE_TIER_SEGMENT_FILE_H_
#define SEALOG_ENGINE_TIER_SEGMENT_FILE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "engine/io/env.h"
#include "sealog/status.h"
#include "sealog/store.h"

namespace sealog::tier {

struct SegmentFile {
  std::shared_ptr<io::ReadableFile> bytes;  // the segment file as it was written
  uint64_t size = 0;                        // of those bytes
  std::string path;                         // of the file they come from
  Tier tier = Tier::kHot;
  uint64_t stored_bytes = 0;  // of that file on disk
};

// Opens dir/N.seg, or when there is none dir/N.wrm (a warm file's structure
// is checked; its frames are checked as they are read). A reader may look
// while a move runs: between the two renames both files hold the same bytes.
// kNotFound when neither file exists.
Status OpenSegmentFile(io::Env& env, const std::string& dir, uint64_t number, SegmentFile* out);

// The bytes the file of segment N in `tier` takes on disk.
Result<uint64_t> StoredBytes(io::Env& env, const std::string& dir, uint64_t number, Tier tier);

}  // namespace sealog::tier

#endif  // SEALOG_ENGINE_TIER_SEGMENT_FILE_H_
