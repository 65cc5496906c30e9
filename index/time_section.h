// TimeSection: the decoded time section of an index file (layout in
// index/index_encoder.h). Decode checks the header and the block directory;
// blocks are decoded, and checked, only when a lookup needs them.
//
// Thread safety: immutable after Decode; lookups may run concurrently.
#ifndef SEALOG_INDEX_TIME_SECTION_H_
#define SEALOG_INDEX_TIME_SECTION_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "index/index_encoder.h"
#include "index/index_format.h"
#include "index/index_head.h"
#include "index/index_view.h"
#include "sealog/status.h"

namespace sealog::index {

class TimeSection {
 public:
  // Takes the section's bytes (already checked against their hash). Checks:
  // entry_count = record_count; block_count fits the entries; the directory
  // fits; block offsets start at 0 and strictly increase inside the block
  // area; first times do not decrease, the first is min_time_ns; the last
  // block decodes and ends at max_time_ns. kCorruption otherwise.
  static Status Decode(std::string bytes, SectionContext context, int64_t min_time_ns,
                       int64_t max_time_ns, std::unique_ptr<TimeSection>* out);

  // Ordinals of the records with lo <= time <= hi, sorted. Decodes only the
  // blocks whose span may meet [lo, hi]; kCorruption when one does not decode.
  Status Range(int64_t lo, int64_t hi, Postings* out) const;

  // Decodes every block and checks that the entries, across blocks too, are
  // in (time, ordinal) order and hold every ordinal exactly once.
  Status Check() const;

 private:
  using Block = std::array<TimeEntry, kTimeBlockEntries>;

  TimeSection(std::string bytes, SectionContext context, int64_t max_time_ns);
  int64_t first_time(size_t block) const;
  uint32_t block_offset(size_t block) const;
  // Decodes block `block` into *entries (*size of them). Checks that the
  // block holds exactly its share of entries in exactly its bytes, that the
  // first delta is 0, that times stay within [first_time, next first_time]
  // (max_time for the last block), that ordinals are below the record count
  // and increase among equal times.
  Status DecodeBlock(size_t block, Block* entries, size_t* size) const;

  const std::string bytes_;
  const SectionContext context_;
  const int64_t max_time_ns_;
  uint32_t entry_count_ = 0;
  uint32_t block_count_ = 0;
  size_t area_start_ = 0;  // in bytes_
};

}  // namespace sealog::index

#endif  // SEALOG_INDEX_TIME_SECTION_H_
