// ActiveIndex: the index of the segment being written, kept in memory,
// shared between the thread that feeds it (the writer's digester, or
// recovery's scan) and the queries that read it. A new one starts with each
// segment; the one of a closed segment is encoded into its index file when
// the segment is sealed (index/index_builder.h says what the bytes are).
//
// Thread safety: every method may be called from any thread.
#ifndef SEALOG_ENGINE_ACTIVE_INDEX_H_
#define SEALOG_ENGINE_ACTIVE_INDEX_H_

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "engine/record.h"
#include "index/index_builder.h"

namespace sealog {

class ActiveIndex {
 public:
  ActiveIndex(uint64_t segment_number, uint64_t first_seq)
      : segment_number_(segment_number), first_seq_(first_seq) {}

  uint64_t segment_number() const { return segment_number_; }
  uint64_t first_seq() const { return first_seq_; }

  // Indexes the next record, whose frame starts at `offset`.
  // REQUIRES: records arrive in seq order, starting at first_seq.
  void Add(const RecordView& record, uint64_t offset);
  // Indexes every frame of `frames`: whole, valid frames back to back, the
  // first at `offset`, as the writer wrote them.
  void AddFrames(std::string_view frames, uint64_t offset);

  // Runs fn(builder, end) with the builder locked; `end` is the offset just
  // past the last indexed frame (0 when none).
  template <typename Fn>
  auto Read(Fn&& fn) {
    std::lock_guard<std::mutex> lock(mu_);
    return fn(builder_, end_);
  }

  // Bytes of memory the index holds now (IndexBuilder::memory_bytes).
  uint64_t memory_bytes() {
    std::lock_guard<std::mutex> lock(mu_);
    return sizeof(*this) + builder_.memory_bytes() - sizeof(builder_);
  }

  // The index file of the segment's records so far.
  std::string Encode(const std::string& log_id);

 private:
  const uint64_t segment_number_;
  const uint64_t first_seq_;
  std::mutex mu_;
  index::IndexBuilder builder_;
  uint64_t end_ = 0;
};

}  // namespace sealog

#endif  // SEALOG_ENGINE_ACTIVE_INDEX_H_
