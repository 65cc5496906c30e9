// Posting lists: their delta-varint encoding, and the set operations a query
// plan needs over sorted ordinal vectors (union of many, intersection with
// galloping, difference).
//
//   postings := varint32 first_ordinal | varint32 gap{count - 1}   (gap >= 1)
#ifndef SEALOG_INDEX_POSTINGS_H_
#define SEALOG_INDEX_POSTINGS_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/coding.h"
#include "index/index_view.h"

namespace sealog::index {

// A LEB128 varint appended to a string; coding.h has the readers and the
// 64-bit writer.
void PutVarint32(std::string* dst, uint32_t value);

// Appends the encoding of `postings`. REQUIRES: non-empty, strictly increasing.
void EncodePostings(std::span<const Ordinal> postings, std::string* dst);

// Decodes exactly `count` ordinals from all of `input`, calling add(ordinal)
// for each in order. False (after possibly some calls) unless the input holds
// exactly `count` varints, strictly increasing, each below `limit`. Never
// reads outside `input`.
template <typename Add>
bool DecodePostings(std::string_view input, uint32_t count, uint32_t limit, const Add& add);

// True when `ordinals` is strictly increasing and every one is below `limit`:
// what a caller's Postings must be.
bool ValidPostings(std::span<const Ordinal> ordinals, uint32_t limit);

// Collects ordinals below `universe` from any number of sorted or unsorted
// pieces and emits them sorted without duplicates. Picks a bitmap of
// `universe` bits when about `expected` ordinals are many for the universe,
// and otherwise a vector that is sorted at the end (only when it needs to be).
// Not thread safe.
class PostingsUnion {
 public:
  PostingsUnion(uint32_t universe, uint64_t expected);
  // REQUIRES: ordinal < universe (others are dropped).
  void Add(Ordinal ordinal) {
    if (ordinal >= universe_) return;
    if (!bitmap_.empty()) {
      bitmap_[ordinal >> 6] |= uint64_t{1} << (ordinal & 63);
      return;
    }
    if (!list_.empty() && ordinal <= list_.back()) sorted_ = false;
    list_.push_back(ordinal);
  }
  void AddAll(std::span<const Ordinal> ordinals) {
    for (Ordinal ordinal : ordinals) Add(ordinal);
  }
  // Replaces *out with the union. The object is spent afterwards.
  void Finish(Postings* out);

 private:
  uint32_t universe_;
  bool sorted_ = true;
  std::vector<uint64_t> bitmap_;  // non-empty in bitmap mode
  Postings list_;
};

// Set operations on strictly increasing ordinal vectors. *out is replaced and
// must not alias an input. Intersect gallops through the longer input when
// one is much shorter than the other.
void IntersectPostings(std::span<const Ordinal> a, std::span<const Ordinal> b, Postings* out);
void UnionPostings(std::span<const Ordinal> a, std::span<const Ordinal> b, Postings* out);
// a minus b.
void DifferencePostings(std::span<const Ordinal> a, std::span<const Ordinal> b, Postings* out);

// Implementation.

template <typename Add>
bool DecodePostings(std::string_view input, uint32_t count, uint32_t limit, const Add& add) {
  // Each ordinal takes at least one byte: a count beyond the input is a lie.
  if (count == 0 || count > input.size()) return false;
  uint32_t value = 0;
  uint64_t previous = 0;
  for (uint32_t i = 0; i < count; ++i) {
    if (!GetVarint32(&input, &value)) return false;
    const uint64_t ordinal = i == 0 ? value : previous + value;
    if ((i > 0 && value == 0) || ordinal >= limit) return false;
    add(static_cast<Ordinal>(ordinal));
    previous = ordinal;
  }
  return input.empty();
}

}  // namespace sealog::index

#endif  // SEALOG_INDEX_POSTINGS_H_
