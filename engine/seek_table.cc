#include "engine/seek_table.h"

#include <algorithm>

#include "engine/format.h"
#include "engine/limits.h"

namespace sealog {

Status SeekTableCache::Find(uint64_t number, uint64_t first_seq, uint64_t size,
                            SegmentReader& reader, uint64_t seq, uint64_t* offset,
                            uint64_t* frame_seq) {
  std::shared_ptr<const Table> table;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = tables_.find(number);
    if (it != tables_.end()) {
      table = it->second;
      recent_.remove(number);
      recent_.push_front(number);
    }
  }
  if (!table) {
    auto built = std::make_shared<Table>();
    reader.Seek(format::kSegmentHeaderSize, size);
    RecordView view;
    uint64_t index = 0;
    while (reader.Next(&view) == SegmentReader::Step::kRecord) {
      if (index % kOffsetTableStride == 0) built->push_back(reader.offset());
      ++index;
    }
    // A damaged segment gets no table; the caller's read will report the damage.
    if (reader.offset() != size) {
      *offset = format::kSegmentHeaderSize;
      *frame_seq = first_seq;
      return Status::Ok();
    }
    table = built;
    std::lock_guard<std::mutex> lock(mu_);
    tables_[number] = table;
    recent_.remove(number);
    recent_.push_front(number);
    while (recent_.size() > kOffsetTablesCachedMax) {
      tables_.erase(recent_.back());
      recent_.pop_back();
    }
  }
  const uint64_t index = seq > first_seq ? (seq - first_seq) / kOffsetTableStride : 0;
  if (table->empty()) {
    *offset = format::kSegmentHeaderSize;
    *frame_seq = first_seq;
    return Status::Ok();
  }
  const uint64_t slot = std::min<uint64_t>(index, table->size() - 1);
  *offset = (*table)[slot];
  *frame_seq = first_seq + slot * kOffsetTableStride;
  return Status::Ok();
}

}  // namespace sealog
