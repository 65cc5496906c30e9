// SegmentFileCache: closed segment files kept open between reads, so that a
// query touching a few records in each of many segments does not pay an
// open, an fstat and a close per segment. Closed segments never change, so
// one descriptor serves every reader (reads are pread). At most
// kSegmentFilesOpenMax are kept, the least recently used closed first. A
// segment moved to another tier meanwhile is still read from the file that
// was open: both hold the same bytes, and an open file outlives its name.
//
// Thread safety: every method may be called from any thread.
#ifndef SEALOG_ENGINE_SEGMENT_FILE_CACHE_H_
#define SEALOG_ENGINE_SEGMENT_FILE_CACHE_H_

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "engine/io/env.h"
#include "engine/segment_reader.h"
#include "engine/tier/segment_file.h"
#include "sealog/status.h"

namespace sealog {

class SegmentFileCache {
 public:
  SegmentFileCache(io::Env& env, std::string dir) : env_(env), dir_(std::move(dir)) {}

  // A reader of closed segment `number`, its header checked as
  // SegmentReader::Open does, and the tier of the file it reads (unless
  // null). REQUIRES: the segment is closed.
  Status OpenReader(uint64_t number, std::string_view log_id,
                    std::unique_ptr<SegmentReader>* reader, Tier* tier = nullptr);

 private:
  Result<tier::SegmentFile> Get(uint64_t number);

  io::Env& env_;
  const std::string dir_;
  std::mutex mu_;
  std::map<uint64_t, tier::SegmentFile> open_;
  std::list<uint64_t> recent_;  // most recent first
};

}  // namespace sealog

#endif  // SEALOG_ENGINE_SEGMENT_FILE_CACHE_H_
