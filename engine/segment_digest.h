// SegmentDigest: what a seal says about a segment's records, accumulated one
// record at a time: their count, time span and Merkle root.
#ifndef SEALOG_ENGINE_SEGMENT_DIGEST_H_
#define SEALOG_ENGINE_SEGMENT_DIGEST_H_

#include <cstdint>
#include <limits>
#include <string_view>

#include "crypto/merkle.h"
#include "engine/record.h"

namespace sealog {

class SegmentDigest {
 public:
  void Add(const RecordView& record);
  // Adds every frame of `frames`, which holds whole, valid frames back to back.
  void AddFrames(std::string_view frames);

  uint64_t count() const { return tree_.size(); }
  int64_t min_time_ns() const { return count() ? min_time_ns_ : 0; }
  int64_t max_time_ns() const { return count() ? max_time_ns_ : 0; }
  crypto::Hash Root() const { return tree_.Root(); }

 private:
  crypto::MerkleRootBuilder tree_;
  int64_t min_time_ns_ = std::numeric_limits<int64_t>::max();
  int64_t max_time_ns_ = std::numeric_limits<int64_t>::min();
};

}  // namespace sealog

#endif  // SEALOG_ENGINE_SEGMENT_DIGEST_H_
