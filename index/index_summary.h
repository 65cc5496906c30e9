// IndexSummary: the part of an index head that lets a query decide whether
// to open a segment at all: the record count, the time span, and per field
// the number of distinct values, the smallest and largest, and a Bloom filter.
//
//   summary       := field_summary{6}              (Field order)
//   field_summary := value_count u32 | min_value | max_value
//                    | bloom_bits u32 | bloom_hashes u8 | bloom[bloom_bits / 8]
//   min_value, max_value := varint32 length | bytes  (both empty when value_count = 0)
//
// Thread safety: immutable once built; any number of threads may read it.
#ifndef SEALOG_INDEX_INDEX_SUMMARY_H_
#define SEALOG_INDEX_INDEX_SUMMARY_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "index/index_view.h"
#include "sealog/event.h"

namespace sealog::index {

struct FieldSummary {
  uint32_t value_count = 0;
  std::string min_value;  // empty when value_count == 0
  std::string max_value;
  uint32_t bloom_bits = 0;  // 0 when value_count == 0
  std::string bloom;        // bloom_bits / 8 bytes

  // The summary of `field`'s distinct values. REQUIRES: sorted ascending,
  // unique, non-empty values.
  static FieldSummary Of(Field field, std::span<const std::string_view> sorted_values);
  // Appends the encoding above.
  void AppendTo(std::string* dst) const;
  // Decodes one field summary from the front of *input, advancing it. On
  // failure returns false and sets *error to what is wrong; *input then
  // points at the offending bytes. Accepts only what Of() could have built
  // for at most `record_count` values: the canonical Bloom size, 7 hashes,
  // min <= max.
  static bool Decode(std::string_view* input, uint32_t record_count, FieldSummary* out,
                     const char** error);
};

// True when the times [lo, hi] (none when lo > hi) and [min_ns, max_ns]
// share an instant.
inline bool TimesMeet(int64_t lo, int64_t hi, int64_t min_ns, int64_t max_ns) {
  return lo <= hi && lo <= max_ns && hi >= min_ns;
}

class IndexSummary {
 public:
  IndexSummary() = default;
  IndexSummary(uint32_t record_count, int64_t min_time_ns, int64_t max_time_ns,
               std::array<FieldSummary, kFieldCount> fields);

  uint32_t record_count() const { return record_count_; }
  int64_t min_time_ns() const { return min_time_ns_; }  // 0 when empty
  int64_t max_time_ns() const { return max_time_ns_; }
  const FieldSummary& field(Field field) const { return fields_[static_cast<size_t>(field)]; }

  // False only when no record of the segment has this exact value, whose
  // BloomHash (index/bloom.h) is `hash`.
  bool MayContain(Field field, std::string_view value, uint64_t hash) const;
  bool MayContain(Field field, std::string_view value) const;
  // False only when no value of `field` lies within [low, high].
  bool MayContainRange(Field field, const Bound& low, const Bound& high) const;
  // False only when no record's time lies within [lo, hi].
  bool MayContainTime(int64_t lo, int64_t hi) const;

 private:
  uint32_t record_count_ = 0;
  int64_t min_time_ns_ = 0;
  int64_t max_time_ns_ = 0;
  std::array<FieldSummary, kFieldCount> fields_;
};

}  // namespace sealog::index

#endif  // SEALOG_INDEX_INDEX_SUMMARY_H_
