// IndexBuilder: the index of one segment, in memory, fed one record at a
// time in seq order on the write path. It answers the IndexView lookups for
// the active segment while it grows, and encodes the index file at seal
// time (byte layout: docs/FORMAT.md, "Index files").
//
// Encode() is a deterministic function of the records added and the
// identity: the same records give the same bytes, which is what lets verify
// rebuild an index and compare its digest with the one in the seal.
//
// Thread safety: none. Callers serialize every call, lookups included
// (lookups update lazily sorted views).
#ifndef SEALOG_INDEX_INDEX_BUILDER_H_
#define SEALOG_INDEX_INDEX_BUILDER_H_

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "index/field_dictionary.h"
#include "index/index_encoder.h"
#include "index/index_format.h"
#include "index/index_view.h"
#include "sealog/event.h"
#include "sealog/status.h"

namespace sealog::index {

class IndexBuilder final : public IndexView {
 public:
  IndexBuilder();
  ~IndexBuilder() override;
  IndexBuilder(const IndexBuilder&) = delete;
  IndexBuilder& operator=(const IndexBuilder&) = delete;

  // Adds the next record (ordinal = count()). Empty fields are absent. The
  // values are copied. REQUIRES: frame_offset < 4 GiB (segments are capped
  // well below), fewer than 2^32 - 1 records.
  void Add(int64_t time_ns, const std::array<std::string_view, kFieldCount>& fields,
           uint64_t frame_offset);
  uint32_t count() const { return static_cast<uint32_t>(times_.size()); }
  int64_t min_time_ns() const { return min_time_ns_; }  // 0 when empty
  int64_t max_time_ns() const { return max_time_ns_; }

  // Bytes of memory the index holds, lookups' sorted forms included: they
  // grow with the first lookups after records were added.
  uint64_t memory_bytes() const;

  // The index file's bytes. REQUIRES: identity.log_id is 16 bytes.
  std::string Encode(const IndexIdentity& identity) const;

  // IndexView. Never fail, but for bad arguments (see IndexView).
  uint32_t record_count() const override { return count(); }
  Status FieldRange(Field field, const Bound& low, const Bound& high, Postings* out) override;
  Result<uint64_t> FieldRangeCount(Field field, const Bound& low, const Bound& high) override;
  Status TimeRange(int64_t lo, int64_t hi, Postings* out) override;
  Result<uint64_t> FrameOffset(Ordinal ordinal) override;
  Status CountValues(Field field, const Postings* only,
                     const std::function<void(std::string_view, uint64_t)>& fn) override;

 private:
  // The ids of field's values within [low, high], in value order. Valid
  // until the next Add; may point at *exact_id.
  std::span<const uint32_t> ValueRange(Field field, const Bound& low, const Bound& high,
                                       uint32_t* exact_id);
  // Brings time_sorted_ up to date with every record added.
  void SortTimes();

  std::array<FieldDictionary, kFieldCount> fields_;
  std::vector<int64_t> times_;           // by ordinal
  std::vector<uint32_t> frame_offsets_;  // by ordinal
  int64_t min_time_ns_ = 0;
  int64_t max_time_ns_ = 0;
  std::vector<TimeEntry> time_sorted_;  // the first time_sorted_.size() records, sorted
};

}  // namespace sealog::index

#endif  // SEALOG_INDEX_INDEX_BUILDER_H_
