// IndexView: what a query may ask of one segment's index, whether the index
// is still being built in memory (IndexBuilder, index/index_builder.h) or was
// read from its file (IndexFile, index/index_file.h). Both answer every
// lookup identically for the same records.
//
// An ordinal is a record's position in its segment (seq - first_seq).
#ifndef SEALOG_INDEX_INDEX_VIEW_H_
#define SEALOG_INDEX_INDEX_VIEW_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sealog/event.h"
#include "sealog/status.h"

namespace sealog::index {

using Ordinal = uint32_t;
// Strictly increasing ordinals.
using Postings = std::vector<Ordinal>;

// One end of a range over a field's values (bytewise order, as memcmp).
// Lifetime: `value` is a view; its bytes must outlive every use of the Bound.
struct Bound {
  std::string_view value;
  bool inclusive = true;
  bool unbounded = false;  // no limit on this side
  static Bound None() { return Bound{{}, true, true}; }
  static Bound At(std::string_view v, bool inclusive = true) { return Bound{v, inclusive, false}; }
};

// The bounds that select exactly the values starting with `prefix`:
// [prefix, successor) where successor is prefix with its last byte below
// 0xff incremented (and what follows it dropped), or unbounded above.
// *high_storage keeps the successor's bytes alive; *low views `prefix`.
void PrefixBounds(std::string_view prefix, Bound* low, Bound* high, std::string* high_storage);

// True when `value` is not below `low` (respecting inclusiveness).
bool AtOrAboveLow(std::string_view value, const Bound& low);
// True when `value` is not above `high` (respecting inclusiveness).
bool AtOrBelowHigh(std::string_view value, const Bound& high);

// The positions [first, last) of the values within [low, high] among `count`
// values sorted ascending, where value_at(i) returns the i-th: two binary
// searches. Empty (first == last) when low lies above high.
template <typename ValueAt>
std::pair<size_t, size_t> SortedValueRange(size_t count, const ValueAt& value_at, const Bound& low,
                                           const Bound& high) {
  auto partition = [&](auto&& in_lower_part) {
    size_t first = 0;
    size_t length = count;
    while (length > 0) {
      const size_t half = length / 2;
      if (in_lower_part(value_at(first + half))) {
        first += half + 1;
        length -= half + 1;
      } else {
        length = half;
      }
    }
    return first;
  };
  const size_t first = partition([&](std::string_view v) { return !AtOrAboveLow(v, low); });
  const size_t last = partition([&](std::string_view v) { return AtOrBelowHigh(v, high); });
  return {first, last < first ? first : last};
}

// What a query may ask of one segment's index.
//
// Errors: an IndexFile returns kCorruption (naming the file, the section and
// the byte offset) when a section fails its hash or does not decode, and
// kIOError when it cannot be read; an IndexBuilder never fails lookups.
class IndexView {
 public:
  virtual ~IndexView() = default;
  virtual uint32_t record_count() const = 0;
  // Ordinals of the records whose `field` lies within [low, high], merged,
  // sorted, without duplicates. Records without the field are never included.
  virtual Status FieldRange(Field field, const Bound& low, const Bound& high, Postings* out) = 0;
  // An upper bound on what FieldRange would return, without decoding postings
  // (the sum of the stored counts of the values in range). For planning.
  virtual Result<uint64_t> FieldRangeCount(Field field, const Bound& low, const Bound& high) = 0;
  // Ordinals of records with lo <= time_ns <= hi, sorted. Empty when lo > hi.
  virtual Status TimeRange(int64_t lo, int64_t hi, Postings* out) = 0;
  // The byte offset of record `ordinal`'s frame in the segment file.
  // kNotFound when ordinal >= record_count().
  virtual Result<uint64_t> FrameOffset(Ordinal ordinal) = 0;
  // For report: calls fn(value, count) for each value of `field` in value
  // order, where count is how many records have it and whose ordinal is in
  // `only` (all records when only is null). Values whose count is 0 are
  // skipped. REQUIRES: *only is sorted and its ordinals < record_count()
  // (kInvalidArgument otherwise).
  virtual Status CountValues(Field field, const Postings* only,
                             const std::function<void(std::string_view, uint64_t)>& fn) = 0;
};

}  // namespace sealog::index

#endif  // SEALOG_INDEX_INDEX_VIEW_H_
