// FieldSection: the decoded dictionary section of one field of an index
// file (layout in index/index_encoder.h). Decode checks the offsets, the
// counts and the order of the values; a value's postings are decoded, and
// checked, only when a lookup asks for them.
//
// Thread safety: immutable after Decode; lookups may run concurrently.
#ifndef SEALOG_INDEX_FIELD_SECTION_H_
#define SEALOG_INDEX_FIELD_SECTION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/coding.h"
#include "index/index_head.h"
#include "index/index_summary.h"
#include "index/index_view.h"
#include "index/postings.h"
#include "sealog/status.h"

namespace sealog::index {

class FieldSection {
 public:
  // Takes the section's bytes (already checked against their hash). Checks:
  // value_count is the summary's; the offset and count arrays fit; both
  // offset arrays start at 0 and strictly increase; the blobs end the section
  // exactly; values strictly ascend from the summary's min to its max; each
  // count is at least 1 and at most its postings' bytes; the counts add up to
  // at most the record count. kCorruption otherwise.
  static Status Decode(std::string bytes, SectionContext context, const FieldSummary& summary,
                       std::unique_ptr<FieldSection>* out);

  uint32_t value_count() const { return value_count_; }
  // REQUIRES: i < value_count().
  std::string_view value(uint32_t i) const;
  uint32_t count(uint32_t i) const { return Fixed(counts_at_ + 4 * size_t{i}); }
  // Positions [first, last) of the values within [low, high]. A single
  // value (low and high the same, inclusive) is looked up by hash: a query
  // that visits a thousand segments does not pay a binary search of cold
  // memory in each.
  std::pair<size_t, size_t> Range(const Bound& low, const Bound& high) const;
  // Bytes held: the section's and the hash table's.
  size_t memory_bytes() const { return bytes_.size() + 4 * slots_.size(); }
  // Calls add(ordinal) for each ordinal of value i, in order. kCorruption
  // (after possibly some calls) when the postings do not decode to exactly
  // count(i) strictly increasing ordinals below the record count.
  template <typename Add>
  Status ForEachPosting(uint32_t i, const Add& add) const;

  // Decodes every posting list and checks that no record is under two values.
  Status Check() const;

 private:
  FieldSection(std::string bytes, SectionContext context);
  uint32_t Fixed(size_t at) const { return DecodeFixed32(bytes_.data() + at); }
  uint32_t value_offset(uint32_t i) const { return Fixed(4 + 4 * size_t{i}); }
  uint32_t postings_offset(uint32_t i) const { return Fixed(postings_offsets_at_ + 4 * size_t{i}); }
  // Checks the offset and count arrays and sets postings_at_.
  Status CheckArrays(uint64_t* sum_of_counts);
  // Fills slots_. REQUIRES: the values are checked distinct.
  void BuildSlots();
  // The position of `value`, or value_count_ when it is not one.
  uint32_t Find(std::string_view value) const;

  const std::string bytes_;
  const SectionContext context_;
  uint32_t value_count_ = 0;
  size_t postings_offsets_at_ = 0;  // positions in bytes_
  size_t counts_at_ = 0;
  size_t values_at_ = 0;
  size_t postings_at_ = 0;
  // Open addressing, linear probing: position + 1 of the value whose hash
  // lands there, 0 where none does. A power of two, at least twice the values.
  std::vector<uint32_t> slots_;
};

template <typename Add>
Status FieldSection::ForEachPosting(uint32_t i, const Add& add) const {
  const uint32_t begin = postings_offset(i);
  const std::string_view postings(bytes_.data() + postings_at_ + begin,
                                  postings_offset(i + 1) - begin);
  if (!DecodePostings(postings, count(i), context_.record_count, add)) {
    std::string what("postings of value ");
    what.append(std::to_string(i)).append(" do not decode to their count of ordinals");
    return context_.Corruption(what, postings_at_ + begin);
  }
  return Status::Ok();
}

}  // namespace sealog::index

#endif  // SEALOG_INDEX_FIELD_SECTION_H_
