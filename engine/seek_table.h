// SeekTable: where to start reading a closed segment to reach a given seq
// without scanning it from the top. One entry every kOffsetTableStride
// records, built by one scan the first time the segment is read at a seq,
// and cached (at most kOffsetTablesCachedMax segments).
#ifndef SEALOG_ENGINE_SEEK_TABLE_H_
#define SEALOG_ENGINE_SEEK_TABLE_H_

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/segment_reader.h"
#include "sealog/status.h"

namespace sealog {

class SeekTableCache {
 public:
  // The offset of a frame at or before `seq` in the closed segment `reader`
  // reads, whose records start at first_seq; *frame_seq is that frame's seq.
  // The reader is left positioned anywhere.
  Status Find(uint64_t number, uint64_t first_seq, uint64_t size, SegmentReader& reader,
              uint64_t seq, uint64_t* offset, uint64_t* frame_seq);

 private:
  using Table = std::vector<uint64_t>;  // offset of record first_seq + i * stride
  std::mutex mu_;
  std::map<uint64_t, std::shared_ptr<const Table>> tables_;
  std::list<uint64_t> recent_;  // segment numbers, most recent first
};

}  // namespace sealog

#endif  // SEALOG_ENGINE_SEEK_TABLE_H_
