// FieldDictionary: the in-memory index of one field of a growing segment.
//
// The write path only does what it must per record: find the value's dense
// id in an open-addressing hash table (xxh3, linear probing, no node per
// value; the bytes live in one arena), append the id to the per-record
// array, and count it. Posting lists are not kept per value on that path:
// they are derived from the per-record ids by a counting sort, lazily, when
// a lookup needs them (records added since the last sort are found by a
// scan of the per-record ids, and the sort is redone once that tail is more
// than an eighth of the records). A view of the ids sorted by value is kept
// lazily too, by sorting only the new ids and merging them in.
//
// Thread safety: none; IndexBuilder's callers lock.
#ifndef SEALOG_INDEX_FIELD_DICTIONARY_H_
#define SEALOG_INDEX_FIELD_DICTIONARY_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "index/index_view.h"
#include "index/postings.h"

namespace sealog::index {

class FieldDictionary {
 public:
  static constexpr uint32_t kAbsent = UINT32_MAX;

  FieldDictionary();

  // Records the value of the next record (ordinal = record_count()); an
  // empty value is absent. Copies the bytes of a value seen first.
  void Add(std::string_view value);

  uint32_t record_count() const { return static_cast<uint32_t>(record_ids_.size()); }
  uint32_t value_count() const { return static_cast<uint32_t>(counts_.size()); }
  // REQUIRES: id < value_count(). Valid until the next Add.
  std::string_view value(uint32_t id) const {
    return std::string_view(arena_).substr(value_ends_[id] - value_size(id), value_size(id));
  }
  // How many records hold value `id`.
  uint32_t count(uint32_t id) const { return counts_[id]; }
  // The id of record `ordinal`'s value, or kAbsent. REQUIRES: ordinal added.
  uint32_t record_id(Ordinal ordinal) const { return record_ids_[ordinal]; }
  // The id of `value`, or kAbsent.
  uint32_t Find(std::string_view value) const;

  // All ids, sorted by value. The reference stays valid until the next Add.
  const std::vector<uint32_t>& SortedIds();
  // The same, computed afresh (for const callers such as Encode).
  std::vector<uint32_t> SortIds() const;

  // Bytes of memory this dictionary holds (what its buffers reserved),
  // the sorted forms lookups built included.
  uint64_t memory_bytes() const;

  // Adds the ordinals of the records holding any of `ids` to *out.
  void CollectPostings(std::span<const uint32_t> ids, PostingsUnion* out);

  // Posting lists of every value by a counting sort: the ordinals of value
  // id are ordinals[starts[id], starts[id + 1]).
  void SortPostings(std::vector<uint32_t>* starts, std::vector<Ordinal>* ordinals) const;

 private:
  size_t value_size(uint32_t id) const {
    return value_ends_[id] - (id == 0 ? 0 : value_ends_[id - 1]);
  }
  uint32_t Insert(std::string_view value, uint64_t hash, size_t slot);
  void Grow();

  // Slot: (high 32 bits of the hash) << 32 | (id + 1); 0 is empty. Load <= 1/2.
  std::vector<uint64_t> slots_;
  std::string arena_;                 // the values, back to back, by id
  std::vector<size_t> value_ends_;    // by id: end of the value in arena_
  std::vector<uint32_t> counts_;      // by id
  std::vector<uint32_t> record_ids_;  // by ordinal
  std::vector<uint32_t> sorted_ids_;  // the first sorted_ids_.size() ids, by value
  // Postings of the first sorted_records_ records, as SortPostings makes them.
  uint32_t sorted_records_ = 0;
  std::vector<uint32_t> starts_;
  std::vector<Ordinal> ordinals_;
};

}  // namespace sealog::index

#endif  // SEALOG_INDEX_FIELD_DICTIONARY_H_
